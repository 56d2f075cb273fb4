namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// The on-failure destination (Lambda's SQS/SNS/S3 destination, here a table): a record one handler could not take, kept
/// with the error, how often it was tried and when it first and last failed, until an administrator retries or discards it.
/// Unreadable records (not a CloudEvent, unknown type or version, malformed data) land here too, without retries.
/// </summary>
public class DeadLetter
{
    public long Id { get; set; }
    /// <summary>The <see cref="IEventBatchHandler.Name"/> that failed it.</summary>
    public required string Handler { get; set; }
    public required string Topic { get; set; }
    public int Partition { get; set; }
    public long Offset { get; set; }
    public required string Key { get; set; }
    /// <summary>The CloudEvents id and type when the record had them.</summary>
    public string? EventId { get; set; }
    public string? Type { get; set; }
    /// <summary>The record's headers as a JSON object.</summary>
    public required string Headers { get; set; }
    /// <summary>The record's value as it was in the log.</summary>
    public required byte[] Value { get; set; }
    public DateTime Timestamp { get; set; }
    public required string Error { get; set; }
    public int Attempts { get; set; }
    public DateTime FirstFailedAt { get; set; }
    public DateTime LastFailedAt { get; set; }
    /// <summary>Set when an administrator asked for a retry; the handler's worker (on whichever instance) takes it up.</summary>
    public DateTime? RetryRequestedAt { get; set; }
}

/// <summary>The inbox: one row per event a handler has applied, written in the handler's own transaction.</summary>
public class ProcessedEvent
{
    public required string Handler { get; set; }
    public required string EventId { get; set; }
    public DateTime ProcessedAt { get; set; }
}

/// <summary>Whether a handler's consumer is paused; in the database, so every instance's worker sees it.</summary>
public class ConsumerControl
{
    public required string Handler { get; set; }
    public bool Paused { get; set; }
    public required string ChangedBy { get; set; }
    public DateTime ChangedAt { get; set; }
}

/// <summary>One invocation of a handler, kept a while for the Admin Pipeline page's figures (from every worker instance).</summary>
public class WorkerInvocation
{
    public long Id { get; set; }
    public required string Handler { get; set; }
    public DateTime At { get; set; }
    /// <summary>Records in the invocation.</summary>
    public int Size { get; set; }
    /// <summary>Records it handled (all, or those before the failures of a partial batch response; none when it threw).</summary>
    public int Handled { get; set; }
    public double DurationMs { get; set; }
}
