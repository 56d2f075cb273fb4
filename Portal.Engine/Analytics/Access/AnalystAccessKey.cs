namespace Portal.Engine.Analytics.Access;

/// <summary>
/// An analyst's AWS-style access key (table <c>analyst_access_keys</c>). The secret is kept encrypted with Data
/// Protection, not hashed: verifying a SigV4 signature needs it in the clear.
/// </summary>
public class AnalystAccessKey
{
    public int Id { get; set; }
    /// <summary><c>AKIA</c> and 16 upper-case letters and digits, as AWS's key ids look.</summary>
    public required string AccessKeyId { get; set; }
    public required string ProtectedSecret { get; set; }
    public required string UserId { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    public bool IsActive => RevokedAt is null;
}
