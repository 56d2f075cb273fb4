using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Live;

/// <summary>
/// A test-only <see cref="IEventLog"/> in memory for the live feed's own tests: partitions by key, groupless readers only,
/// and a switch that makes it unreachable (every call throws <see cref="EventLogUnavailableException"/>) to test recovery.
/// The real logs are checked by the contract suite; the live feed is also tested over the embedded log.
/// </summary>
public sealed class MemoryEventLog(int partitions = 4) : IEventLog
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, List<LogRecord>> _records = [];

    /// <summary>When false every call fails as if the log could not be reached.</summary>
    public bool Reachable { get; set; } = true;

    public int Partitions => partitions;

    public Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        Append(messages);
        return Task.CompletedTask;
    }

    /// <summary>Stores messages even while the log is unreachable for readers (as when only this instance cannot reach it).</summary>
    public void Append(IEnumerable<LogMessage> messages)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                var partition = new TopicPartition(message.Topic, PartitionOf(message.Key));
                var list = Partition(partition);
                list.Add(new LogRecord(message.Topic, partition.Partition, list.Count, message.Key, message.Value, message.Headers, DateTimeOffset.UtcNow));
            }
        }
    }

    public IEventLogConsumer Subscribe(ConsumerSettings settings)
    {
        ThrowIfDown();
        if (settings.Group is not null) throw new NotSupportedException("The memory log has groupless readers only.");
        return new Reader(this, settings);
    }

    public Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default)
    {
        ThrowIfDown();
        lock (_gate)
            return Task.FromResult<IReadOnlyList<PartitionState>>(topics.SelectMany(t => Enumerable.Range(0, partitions)
                .Select(p => new PartitionState(t, p, Partition(new TopicPartition(t, p)).Count, null))).ToList());
    }

    private int PartitionOf(string key) => (int)((uint)StableHash(key) % (uint)partitions);

    private static int StableHash(string key)
    {
        var hash = 17;
        foreach (var c in key) hash = hash * 31 + c;
        return hash;
    }

    private List<LogRecord> Partition(TopicPartition partition)
    {
        if (!_records.TryGetValue(partition, out var list)) _records[partition] = list = [];
        return list;
    }

    private void ThrowIfDown()
    {
        if (!Reachable) throw new EventLogUnavailableException("The memory log is switched off.");
    }

    private sealed class Reader : IEventLogConsumer
    {
        private readonly MemoryEventLog _log;
        private readonly Dictionary<TopicPartition, long> _next = [];

        public Reader(MemoryEventLog log, ConsumerSettings settings)
        {
            _log = log;
            lock (log._gate)
                foreach (var topic in settings.Topics)
                    for (var p = 0; p < log.Partitions; p++)
                    {
                        var partition = new TopicPartition(topic, p);
                        _next[partition] = settings.StartingPosition == StartingPosition.Latest ? log.Partition(partition).Count : 0;
                    }
        }

        public IReadOnlyCollection<TopicPartition> Assignment => _next.Keys;

        public async Task<IReadOnlyList<LogRecord>> PollAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default)
        {
            var until = DateTime.UtcNow + wait;
            while (true)
            {
                _log.ThrowIfDown();
                var found = new List<LogRecord>();
                lock (_log._gate)
                    foreach (var (partition, next) in _next.ToList())
                    {
                        var taken = _log.Partition(partition).Skip((int)next).Take(maxRecords - found.Count).ToList();
                        found.AddRange(taken);
                        _next[partition] = next + taken.Count;
                    }
                if (found.Count > 0 || DateTime.UtcNow >= until) return found;
                await Task.Delay(10, cancellationToken);
            }
        }

        public Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken = default) =>
            Task.FromResult(false);

        public void Seek(TopicPartition partition, long offset)
        {
            if (_next.ContainsKey(partition)) _next[partition] = offset;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
