namespace Portal.E2E;

/// <summary>
/// Journeys that need a peer beyond the app and Chromium (PostgreSQL, nginx) skip on a developer machine without it and
/// fail under CI=true, where scripts/test.sh has provided it.
/// </summary>
public static class PeerRequirement
{
    public static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary><paramref name="value"/>, or a skip (a failure under CI=true) saying <paramref name="missing"/>.</summary>
    public static string Require(string? value, string missing)
    {
        if (!string.IsNullOrWhiteSpace(value)) return value;
        if (InCi) throw new InvalidOperationException(missing + " CI=true, so this fails instead of skipping.");
        Skip.If(true, missing);
        return "";
    }
}
