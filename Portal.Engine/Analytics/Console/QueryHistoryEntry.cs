namespace Portal.Engine.Analytics.Console;

/// <summary>One run of the SQL console by one user: what ran, when, how long it took, and what came of it.</summary>
public class QueryHistoryEntry
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    public required string Sql { get; set; }
    public DateTime RanAt { get; set; }
    public long DurationMs { get; set; }
    /// <summary>Rows returned; null when the run failed.</summary>
    public int? Rows { get; set; }
    public bool Truncated { get; set; }
    /// <summary>Why the run failed (the message shown), or null when it succeeded.</summary>
    public string? Error { get; set; }

    public bool Succeeded => Error is null;
}
