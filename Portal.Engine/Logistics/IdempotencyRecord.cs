namespace Portal.Engine.Logistics;

/// <summary>
/// The remembered outcome of a POST sent with an <c>Idempotency-Key</c>: a retry with the same key
/// and body gets the same answer without doing the work twice.
/// </summary>
public class IdempotencyRecord
{
    public long Id { get; set; }
    /// <summary>Whose key space this is (an API key id or a user id), so clients cannot collide.</summary>
    public required string Caller { get; set; }
    public required string Key { get; set; }
    public required string RequestHash { get; set; }
    /// <summary>Null while the first request is still being processed.</summary>
    public int? StatusCode { get; set; }
    public string? ResponseBody { get; set; }
    public string? ResponseContentType { get; set; }
    public DateTime CreatedAt { get; set; }
}
