namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// One query an analyst started through the Athena-compatible API. The row is the shared truth between instances:
/// whichever instance claims it runs it, any instance answers for it, and a stop is a state change the runner notices.
/// </summary>
public class AthenaQueryExecution
{
    /// <summary>A UUID, as Athena's query execution ids are.</summary>
    public required string Id { get; set; }
    /// <summary>The analyst who started it; nobody else sees it.</summary>
    public required string UserId { get; set; }
    /// <summary>The client's idempotency token (boto3 and the CLI send a fresh one per call), unique per user.</summary>
    public string? ClientRequestToken { get; set; }
    /// <summary>A hash of what the request asked for, so a reused token with a different request is refused.</summary>
    public required string RequestHash { get; set; }
    public required string QueryString { get; set; }
    public string? Database { get; set; }
    public required string Catalog { get; set; }
    public required string WorkGroup { get; set; }
    /// <summary>The folder the results go to, <c>s3://bucket/prefix/</c>; the CSV is <c>&lt;Id&gt;.csv</c> in it.</summary>
    public required string OutputLocation { get; set; }
    /// <summary>One of <see cref="AthenaQueryState"/>.</summary>
    public required string State { get; set; }
    public string? StateChangeReason { get; set; }
    /// <summary>Athena's error category when FAILED: 1 system, 2 user (bad SQL), 3 other.</summary>
    public int? ErrorCategory { get; set; }
    public DateTime SubmittedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    /// <summary>The instance running it (while RUNNING) and when it last said it still is.</summary>
    public string? Runner { get; set; }
    public DateTime? HeartbeatAt { get; set; }
    public long DataScannedBytes { get; set; }
    public long EngineMillis { get; set; }
    public long? RowCount { get; set; }
}

/// <summary>Athena's query states.</summary>
public static class AthenaQueryState
{
    public const string Queued = "QUEUED";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";

    public static bool IsFinal(string state) => state is Succeeded or Failed or Cancelled;
}
