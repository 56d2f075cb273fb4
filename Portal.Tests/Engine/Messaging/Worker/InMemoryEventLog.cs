using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Worker;

/// <summary>
/// A small in-memory <see cref="IEventLog"/> for the worker's tests until the embedded log exists: partitions by key hash,
/// consumer groups whose members split the partitions round-robin (rebalanced as members come and go), committed offsets per
/// group, starting positions, seek. Not a product: the app never uses it.
/// </summary>
public sealed class InMemoryEventLog(int partitions = 4) : IEventLog
{
    private readonly object _gate = new();
    private readonly Dictionary<TopicPartition, List<LogRecord>> _records = [];
    private readonly Dictionary<(string Group, TopicPartition Partition), long> _committed = [];
    private readonly Dictionary<string, List<Member>> _groups = [];

    public Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            foreach (var message in messages)
            {
                var partition = new TopicPartition(message.Topic, PartitionOf(message.Key));
                var list = Records(partition);
                list.Add(new LogRecord(message.Topic, partition.Partition, list.Count, message.Key, message.Value.ToArray(),
                    new Dictionary<string, string>(message.Headers), DateTimeOffset.UtcNow));
            }
        return Task.CompletedTask;
    }

    public IEventLogConsumer Subscribe(ConsumerSettings settings)
    {
        var member = new Member(this, settings);
        lock (_gate)
        {
            if (settings.Group is null) member.Assign(settings.Topics.SelectMany(PartitionsOf));
            else
            {
                if (!_groups.TryGetValue(settings.Group, out var members)) _groups[settings.Group] = members = [];
                members.Add(member);
                Rebalance(settings.Group);
            }
        }
        return member;
    }

    public Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<PartitionState>>(topics.SelectMany(PartitionsOf)
                .Select(p => new PartitionState(p.Topic, p.Partition, Records(p).Count, _committed.TryGetValue((group, p), out var c) ? c : null)).ToList());
    }

    private int PartitionOf(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key) hash = (hash ^ c) * 16777619u;
        return (int)(hash % (uint)partitions);
    }

    private IEnumerable<TopicPartition> PartitionsOf(string topic) => Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p));

    private List<LogRecord> Records(TopicPartition partition) =>
        _records.TryGetValue(partition, out var list) ? list : _records[partition] = [];

    private void Rebalance(string group)
    {
        var members = _groups[group];
        var all = members.SelectMany(m => m.Settings.Topics).Distinct().Order().SelectMany(PartitionsOf).ToList();
        for (var i = 0; i < members.Count; i++)
            members[i].Assign(all.Where((_, index) => index % members.Count == i));
    }

    private sealed class Member(InMemoryEventLog log, ConsumerSettings settings) : IEventLogConsumer
    {
        private Dictionary<TopicPartition, long> _positions = [];
        private bool _left;

        public ConsumerSettings Settings => settings;

        public IReadOnlyCollection<TopicPartition> Assignment { get { lock (log._gate) return _positions.Keys.ToList(); } }

        public void Assign(IEnumerable<TopicPartition> partitions) =>
            _positions = partitions.ToDictionary(p => p, p => _positions.TryGetValue(p, out var kept) ? kept : Start(p));

        private long Start(TopicPartition partition)
        {
            if (settings.Group is not null && log._committed.TryGetValue((settings.Group, partition), out var committed)) return committed;
            var records = log.Records(partition);
            return settings.StartingPosition switch
            {
                StartingPosition.Latest => records.Count,
                StartingPosition.AtTimestamp => records.FindIndex(r => r.Timestamp >= settings.StartingTimestamp) is var i and >= 0 ? i : records.Count,
                _ => 0,
            };
        }

        public async Task<IReadOnlyList<LogRecord>> PollAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default)
        {
            var until = DateTime.UtcNow + wait;
            while (true)
            {
                lock (log._gate)
                {
                    var polled = new List<LogRecord>();
                    foreach (var partition in _positions.Keys.OrderBy(p => p.Topic).ThenBy(p => p.Partition).ToList())
                    {
                        var records = log.Records(partition);
                        var from = (int)_positions[partition];
                        var taken = records.Skip(from).Take(maxRecords - polled.Count).ToList();
                        polled.AddRange(taken);
                        _positions[partition] = from + taken.Count;
                    }
                    if (polled.Count > 0) return polled;
                }
                if (DateTime.UtcNow >= until) return [];
                await Task.Delay(5, cancellationToken);
            }
        }

        public Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken = default)
        {
            if (settings.Group is null) throw new InvalidOperationException("A groupless reader does not commit.");
            lock (log._gate)
            {
                var owned = nextOffsets.Where(p => _positions.ContainsKey(p.Key) && !_left).ToList();
                foreach (var (partition, offset) in owned) log._committed[(settings.Group, partition)] = offset;
                return Task.FromResult(owned.Count == nextOffsets.Count);
            }
        }

        public void Seek(TopicPartition partition, long offset)
        {
            lock (log._gate) if (_positions.ContainsKey(partition)) _positions[partition] = offset;
        }

        public ValueTask DisposeAsync()
        {
            lock (log._gate)
            {
                if (_left) return ValueTask.CompletedTask;
                _left = true;
                _positions = [];
                if (settings.Group is not null && log._groups.TryGetValue(settings.Group, out var members))
                {
                    members.Remove(this);
                    if (members.Count > 0) log.Rebalance(settings.Group);
                }
            }
            return ValueTask.CompletedTask;
        }
    }
}
