namespace Portal.Engine.Messaging.Log;

/// <summary>
/// A partitioned, durable log of messages (the rule of the house: an embedded one in the database by default, Kafka at scale).
/// Messages with the same key land on the same partition and keep their order there; consumers in one group share the
/// partitions and commit how far they got.
/// </summary>
public interface IEventLog
{
    /// <summary>
    /// Appends the messages, in order, and returns once every one is durably stored (Kafka: acknowledged by all in-sync replicas).
    /// Throws <see cref="EventLogUnavailableException"/> when the log cannot be reached; then some may have been stored.
    /// </summary>
    Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default);

    /// <summary>A consumer: joins <see cref="ConsumerSettings.Group"/>, or with no group reads every partition without committing.</summary>
    IEventLogConsumer Subscribe(ConsumerSettings settings);

    /// <summary>Per partition of each topic: its end offset and the group's committed offset (null before its first commit).</summary>
    Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default);
}

/// <summary>
/// One member of a consumer group (or a groupless reader). Not thread-safe: one loop polls, handles and commits.
/// </summary>
public interface IEventLogConsumer : IAsyncDisposable
{
    /// <summary>
    /// Up to <paramref name="maxRecords"/> records, in offset order per partition, waiting up to <paramref name="wait"/> for the
    /// first one (an empty list when none came). Records from a partition this member no longer owns are never returned.
    /// </summary>
    Task<IReadOnlyList<LogRecord>> PollAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default);

    /// <summary>Records that the group has handled everything before each given next offset. False if the partition was lost meanwhile.</summary>
    Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken = default);

    /// <summary>Makes the next poll of that partition start at <paramref name="offset"/> (to redeliver what was polled but not handled).</summary>
    void Seek(TopicPartition partition, long offset);

    /// <summary>The partitions this member owns now (changes as members join and leave).</summary>
    IReadOnlyCollection<TopicPartition> Assignment { get; }
}

public readonly record struct TopicPartition(string Topic, int Partition)
{
    public override string ToString() => $"{Topic}-{Partition}";
}

/// <summary>What a producer appends. Headers carry the CloudEvents attributes (<c>ce_id</c>, <c>ce_type</c>, ...).</summary>
public sealed record LogMessage(string Topic, string Key, ReadOnlyMemory<byte> Value, IReadOnlyDictionary<string, string> Headers);

/// <summary>A stored message as a consumer reads it.</summary>
public sealed record LogRecord(string Topic, int Partition, long Offset, string Key, ReadOnlyMemory<byte> Value,
    IReadOnlyDictionary<string, string> Headers, DateTimeOffset Timestamp)
{
    public TopicPartition TopicPartition => new(Topic, Partition);
}

public enum StartingPosition
{
    /// <summary>From the oldest record kept (Lambda's TRIM_HORIZON).</summary>
    Earliest,
    /// <summary>Only records appended after the consumer started (LATEST).</summary>
    Latest,
    /// <summary>From the first record at or after <see cref="ConsumerSettings.StartingTimestamp"/> (AT_TIMESTAMP).</summary>
    AtTimestamp,
}

/// <param name="Group">The consumer group; null reads every partition and never commits (a live tail).</param>
/// <param name="StartingPosition">Where to begin when the group has no committed offset for a partition.</param>
public sealed record ConsumerSettings(string? Group, IReadOnlyCollection<string> Topics,
    StartingPosition StartingPosition = StartingPosition.Earliest, DateTimeOffset? StartingTimestamp = null);

public sealed record PartitionState(string Topic, int Partition, long EndOffset, long? CommittedOffset)
{
    public long Lag => EndOffset - (CommittedOffset ?? 0);
}

/// <summary>The log (broker or database) cannot be reached now; the caller keeps what it has and tries later.</summary>
public sealed class EventLogUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
