namespace Portal.Engine.ApiKeys;

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
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
