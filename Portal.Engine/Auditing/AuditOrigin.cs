namespace Portal.Engine.Auditing;

/// <summary>
/// Where the current work came from (the client's address and user agent). The host sets it per request and per
/// Blazor circuit activity; the database context stamps it on every audit entry added without one.
/// </summary>
public sealed record AuditOrigin(string? RemoteAddress, string? UserAgent)
{
    private static readonly AsyncLocal<AuditOrigin?> Ambient = new();

    public static AuditOrigin? Current => Ambient.Value;

    /// <summary>Makes <paramref name="origin"/> current until the returned scope is disposed.</summary>
    public static IDisposable Use(AuditOrigin? origin)
    {
        var previous = Ambient.Value;
        Ambient.Value = origin;
        return new Restore(previous);
    }

    /// <summary>The longest user agent kept; the column's size.</summary>
    public const int MaxUserAgent = 512;

    internal static string? Trim(string? userAgent) =>
        userAgent is { Length: > MaxUserAgent } ? userAgent[..MaxUserAgent] : userAgent;

    /// <summary>Puts the current origin (none when nothing is current) on <paramref name="entry"/>.</summary>
    internal static void StampCurrent(AuditEntry entry)
    {
        var current = Current;
        entry.RemoteAddress = current?.RemoteAddress;
        entry.UserAgent = Trim(current?.UserAgent);
    }

    private sealed class Restore(AuditOrigin? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
