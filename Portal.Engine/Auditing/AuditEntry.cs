namespace Portal.Engine.Auditing;

/// <summary>
/// One line of the audit trail: who did what to which subject, when, from where, with what outcome, and the values
/// before and after as JSON. Append-only: the context refuses to change or delete an entry, and PostgreSQL and
/// SQLite refuse it with a trigger.
/// </summary>
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
    public string Outcome { get; set; } = AuditOutcome.Succeeded;
    /// <summary>The client's address as the forwarded headers give it; null for work no request asked for.</summary>
    public string? RemoteAddress { get; set; }
    public string? UserAgent { get; set; }
    /// <summary>Free text: why it failed, the SQL an analyst ran, what an export wrote.</summary>
    public string? Detail { get; set; }
}

public static class AuditOutcome
{
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    /// <summary>Not allowed: a locked or deactivated account, a guard such as the last administrator's.</summary>
    public const string Refused = "Refused";

    public static readonly IReadOnlyList<string> All = [Succeeded, Failed, Refused];
}
