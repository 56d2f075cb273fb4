using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using KafkaPartition = Confluent.Kafka.TopicPartition;

namespace Portal.Engine.Messaging.Log.Kafka;

/// <summary>
/// One Kafka consumer behind <see cref="IEventLogConsumer"/>. With a group it subscribes (the group spreads the partitions,
/// commits are manual); without one it assigns itself every partition and never commits. Records polled ahead while a
/// commit waited out a rebalance are kept for the next poll, except those of partitions this member lost.
/// </summary>
internal sealed class KafkaEventLogConsumer : IEventLogConsumer
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
    private readonly KafkaOptions options;
    private readonly ConsumerSettings settings;
    private readonly ILogger logger;
    private readonly IConsumer<string, byte[]> consumer;
    private readonly Queue<LogRecord> pending = new();
    private readonly TimeSpan commitTimeout;
    private readonly Dictionary<KafkaPartition, Offset> endsAtSubscribe = [];
    private bool disposed;

    public KafkaEventLogConsumer(KafkaOptions options, ConsumerSettings settings, KafkaEventLog log, ILogger logger)
    {
        this.options = options;
        this.settings = settings;
        this.logger = logger;
        commitTimeout = options.SessionTimeout + options.AdminTimeout;
        var reset = settings.StartingPosition == StartingPosition.Latest ? AutoOffsetReset.Latest : AutoOffsetReset.Earliest;
        // A groupless reader still needs a group id for librdkafka; it never joins (assign, not subscribe) nor commits.
        var config = KafkaClientConfig.Consumer(options, settings.Group ?? $"portal-tail-{Guid.NewGuid():N}", reset);
        var builder = new ConsumerBuilder<string, byte[]>(config)
            .SetLogHandler((_, m) => KafkaLogging.Log(logger, m))
            .SetErrorHandler((_, e) => KafkaLogging.Error(logger, e));
        if (settings.Group is not null)
            builder.SetPartitionsAssignedHandler((c, assigned) => StartPositions(c, assigned))
                .SetPartitionsRevokedHandler((_, revoked) => Drop(revoked.Select(p => p.TopicPartition)))
                .SetPartitionsLostHandler((_, lost) => Drop(lost.Select(p => p.TopicPartition)));
        consumer = builder.Build();
        try
        {
            if (settings.Group is not null)
            {
                if (settings.StartingPosition == StartingPosition.Latest)
                    endsAtSubscribe = Ends(consumer, log.Partitions(settings.Topics, waitForCreation: true));
                consumer.Subscribe(settings.Topics);
                return;
            }
            consumer.Assign(GrouplessStart(log.Partitions(settings.Topics, waitForCreation: true)));
        }
        catch
        {
            consumer.Dispose();
            throw;
        }
    }

    public IReadOnlyCollection<TopicPartition> Assignment =>
        consumer.Assignment.Select(p => new TopicPartition(p.Topic, p.Partition.Value)).ToList();

    public async Task<IReadOnlyList<LogRecord>> PollAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        ObjectDisposedException.ThrowIf(disposed, this);
        return await Task.Run(() => Poll(maxRecords, wait, cancellationToken), cancellationToken);
    }

    private List<LogRecord> Poll(int maxRecords, TimeSpan wait, CancellationToken cancellationToken)
    {
        var records = new List<LogRecord>();
        while (records.Count < maxRecords && pending.TryDequeue(out var early)) records.Add(early);
        var deadline = DateTime.UtcNow + wait;
        while (records.Count < maxRecords)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var left = records.Count > 0 ? TimeSpan.Zero : deadline - DateTime.UtcNow;
            var result = Consume(left <= TimeSpan.Zero ? TimeSpan.Zero : left < Slice ? left : Slice);
            if (result is not null) records.Add(ToRecord(result));
            else if (records.Count > 0 || DateTime.UtcNow >= deadline) break;
        }
        return records;
    }

    private ConsumeResult<string, byte[]>? Consume(TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // E.g. a topic not created yet, or a broker gone for a while: the client retries; the caller polls again.
            logger.LogWarning("Kafka consume error {Code}: {Reason}", e.Error.Code, e.Error.Reason);
            return null;
        }
    }

    public async Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken = default)
    {
        // A groupless tail owns no partition in any group: nothing of it is committed.
        if (settings.Group is null) return false;
        if (nextOffsets.Count == 0) return true;
        return await Task.Run(() => Commit(nextOffsets, cancellationToken), cancellationToken);
    }

    private bool Commit(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken)
    {
        var offsets = nextOffsets.Select(p => new TopicPartitionOffset(p.Key.Topic, p.Key.Partition, p.Value)).ToList();
        var deadline = DateTime.UtcNow + commitTimeout;
        while (true)
        {
            var owned = consumer.Assignment.ToHashSet();
            if (offsets.Any(o => !owned.Contains(o.TopicPartition))) return false;
            try
            {
                consumer.Commit(offsets);
                return true;
            }
            catch (TopicPartitionOffsetException e) when (e.Results.All(r => !r.Error.IsError || Retriable(r.Error.Code)))
            {
                logger.LogDebug("Kafka commit waits for a rebalance: {Reason}", e.Error.Reason);
            }
            catch (KafkaException e) when (Retriable(e.Error.Code))
            {
                logger.LogDebug("Kafka commit waits for a rebalance: {Reason}", e.Error.Reason);
            }
            catch (KafkaException e) when (e.Error.Code is ErrorCode.IllegalGeneration or ErrorCode.UnknownMemberId)
            {
                return false;
            }
            catch (KafkaException e)
            {
                throw KafkaEventLog.Unavailable(e.Error, e);
            }
            if (DateTime.UtcNow >= deadline) throw new EventLogUnavailableException("Kafka did not accept the commit in time (a rebalance did not finish).");
            cancellationToken.ThrowIfCancellationRequested();
            // Serve the rebalance (its callbacks run inside Consume); a record that comes meanwhile waits for the next poll.
            var early = Consume(Slice);
            if (early is not null) pending.Enqueue(ToRecord(early));
        }
    }

    private static bool Retriable(ErrorCode code) =>
        code is ErrorCode.RebalanceInProgress or ErrorCode.Local_State or ErrorCode.NotCoordinatorForGroup
            or ErrorCode.GroupLoadInProgress or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.Local_Transport
            or ErrorCode.RequestTimedOut or ErrorCode.Local_TimedOut;

    public void Seek(TopicPartition partition, long offset)
    {
        var kept = pending.Where(r => r.TopicPartition != partition).ToList();
        pending.Clear();
        foreach (var record in kept) pending.Enqueue(record);
        consumer.Seek(new TopicPartitionOffset(partition.Topic, partition.Partition, offset));
    }

    /// <summary>
    /// Partitions new to this member start at the group's commit, else at the starting position. Latest means "appended
    /// after <see cref="IEventLog.Subscribe"/>": the ends taken then (a partition made later starts at its beginning), so a
    /// record written before this member joined is not skipped as Kafka's lazy <c>auto.offset.reset=latest</c> would.
    /// </summary>
    private IEnumerable<TopicPartitionOffset> StartPositions(IConsumer<string, byte[]> c, List<KafkaPartition> assigned)
    {
        if (settings.StartingPosition == StartingPosition.Earliest || assigned.Count == 0)
            return assigned.Select(p => new TopicPartitionOffset(p, Offset.Unset));
        try
        {
            var committed = c.Committed(assigned, commitTimeout).ToDictionary(p => p.TopicPartition, p => p.Offset);
            var fresh = assigned.Where(p => committed[p] == Offset.Unset).ToList();
            var start = settings.StartingPosition == StartingPosition.Latest
                ? fresh.ToDictionary(p => p, p => endsAtSubscribe.TryGetValue(p, out var end) ? end : Offset.Beginning)
                : AtTime(c, fresh);
            return assigned.Select(p => new TopicPartitionOffset(p, start.TryGetValue(p, out var at) ? at : Offset.Unset));
        }
        catch (Exception e) when (e is KafkaException or EventLogUnavailableException)
        {
            // The broker did not answer in time: the client's own reset applies (latest, or earliest for a timestamp: at least once).
            logger.LogWarning("Kafka start positions of {Partitions} not found ({Reason}); using auto.offset.reset", string.Join(", ", assigned), e.Message);
            return assigned.Select(p => new TopicPartitionOffset(p, Offset.Unset));
        }
    }

    /// <summary>Each partition's end (numbers, never the logical End, which the client would resolve later and skip records).</summary>
    private Dictionary<KafkaPartition, Offset> Ends(IConsumer<string, byte[]> c, List<KafkaPartition> partitions)
    {
        try { return partitions.ToDictionary(p => p, p => c.QueryWatermarkOffsets(p, commitTimeout).High); }
        catch (KafkaException e) { throw KafkaEventLog.Unavailable(e.Error, e); }
    }

    private Dictionary<KafkaPartition, Offset> AtTime(IConsumer<string, byte[]> c, List<KafkaPartition> partitions)
    {
        try { return KafkaTimestampLookup.Find(c, options, partitions, settings.StartingTimestamp!.Value, commitTimeout); }
        catch (KafkaException e) { throw KafkaEventLog.Unavailable(e.Error, e); }
    }

    private IEnumerable<TopicPartitionOffset> GrouplessStart(List<KafkaPartition> partitions) => settings.StartingPosition switch
    {
        StartingPosition.Earliest => partitions.Select(p => new TopicPartitionOffset(p, Offset.Beginning)),
        StartingPosition.Latest => Ends(consumer, partitions).Select(p => new TopicPartitionOffset(p.Key, p.Value)),
        _ => AtTime(consumer, partitions).Select(p => new TopicPartitionOffset(p.Key, p.Value)),
    };

    private void Drop(IEnumerable<KafkaPartition> gone)
    {
        var set = gone.Select(p => new TopicPartition(p.Topic, p.Partition.Value)).ToHashSet();
        if (set.Count == 0 || pending.Count == 0) return;
        var kept = pending.Where(r => !set.Contains(r.TopicPartition)).ToList();
        pending.Clear();
        foreach (var record in kept) pending.Enqueue(record);
    }

    private static LogRecord ToRecord(ConsumeResult<string, byte[]> result)
    {
        var kafkaHeaders = result.Message.Headers;
        var headers = new Dictionary<string, string>(kafkaHeaders?.Count ?? 0, StringComparer.Ordinal);
        if (kafkaHeaders is not null)
            foreach (var header in kafkaHeaders) headers[header.Key] = Encoding.UTF8.GetString(header.GetValueBytes());
        return new LogRecord(result.Topic, result.Partition.Value, result.Offset.Value, result.Message.Key ?? "",
            result.Message.Value ?? [], headers, result.Message.Timestamp.UtcDateTime);
    }

    public async ValueTask DisposeAsync()
    {
        if (disposed) return;
        disposed = true;
        await Task.Run(() =>
        {
            try
            {
                // Leaving the group at once hands this member's partitions to the others (no wait for the session timeout).
                if (settings.Group is not null) consumer.Close();
            }
            catch (KafkaException e)
            {
                logger.LogWarning("Kafka consumer did not leave its group cleanly: {Reason}", e.Error.Reason);
            }
            finally
            {
                consumer.Dispose();
            }
        });
    }
}
