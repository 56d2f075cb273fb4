namespace Portal.Engine.ApiKeys;

/// <summary>
/// What a key may be used for. Each scope has its own text prefix (<see cref="ApiKeyService.SchemeOf"/>), its own list
/// on its own page, and is accepted only by the endpoints of that scope.
/// </summary>
public enum ApiKeyScope
{
    /// <summary>A logistics tool's key (<c>ptl_…</c>, sent in <c>X-Api-Key</c>), made on the Logistics API keys page.</summary>
    Logistics = 0,

    /// <summary>A customer's personal access token for the image API (<c>pat_…</c>, sent as <c>Authorization: Bearer</c>), made on My images.</summary>
    Images = 1,
}

/// <summary>
/// A key a user's own tools call the API with. Only a SHA-256 hash of the secret is stored; the
/// full key is shown once, when it is created. <see cref="Prefix"/> finds the row without the secret.
/// </summary>
public class ApiKey
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string SecretHash { get; set; }
    public ApiKeyScope Scope { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    /// <summary>When the key stops working by itself; null for never.</summary>
    public DateTime? ExpiresAt { get; set; }

    public bool IsExpiredAt(DateTime now) => ExpiresAt is { } expires && expires <= now;

    public bool IsActiveAt(DateTime now) => RevokedAt is null && !IsExpiredAt(now);
}
