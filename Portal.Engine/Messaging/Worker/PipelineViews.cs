using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>One handler's consumer: its group, whether it is paused (and by whom), and its partitions' offsets and lag.</summary>
public sealed record ConsumerView(string Handler, string Group, IReadOnlyCollection<string> Topics, bool Paused, string? ChangedBy,
    DateTime? ChangedAt, IReadOnlyList<PartitionState> Partitions, string? Problem)
{
    public long Lag => Partitions.Sum(p => p.Lag);
}

/// <summary>Records handled per second in one slice of time.</summary>
public sealed record ThroughputPoint(DateTime From, double EventsPerSecond);

/// <summary>How many invocations had a batch size in [From, To].</summary>
public sealed record BatchSizeBucket(int From, int To, int Invocations)
{
    public string Label => From == To ? $"{From}" : To == int.MaxValue ? $"{From}+" : $"{From}–{To}";
}

/// <summary>The workers' figures over a recent window, from every instance.</summary>
public sealed record PipelineFigures(IReadOnlyList<ThroughputPoint> Throughput, long Handled, int Invocations, int Failed,
    double AverageBatchSize, int LargestBatch, IReadOnlyList<BatchSizeBucket> BatchSizes, double? P50Ms, double? P95Ms);

/// <summary>A dead letter as the page shows it; the payload is the record's value as text (base64 when it is not UTF-8).</summary>
public sealed record DeadLetterView(long Id, string Handler, string Partition, long Offset, string Key, string? EventId, string? Type,
    string Payload, string Error, int Attempts, DateTime FirstFailedAt, DateTime LastFailedAt, bool RetryRequested);

public sealed record DeadLetterPage(IReadOnlyList<DeadLetterView> Letters, int Total);
