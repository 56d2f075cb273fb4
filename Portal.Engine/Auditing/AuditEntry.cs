namespace Portal.Engine.Auditing;

/// <summary>Who changed what and when, with the values before and after as JSON.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }
    public required string Action { get; set; }
    public required string UserName { get; set; }
    public DateTime At { get; set; }
    public string? BeforeJson { get; set; }
    public string? AfterJson { get; set; }
}
