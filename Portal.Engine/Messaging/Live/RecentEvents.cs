using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Live;

/// <summary>
/// Reads the recent event stream back from the log (what the activity view shows before live events arrive): the newest
/// <see cref="LiveEventsOptions.RecentPerPartition"/> records of every partition of every family's topic, newest first.
/// A groupless reader: it commits nothing and disturbs no consumer group.
/// </summary>
public sealed class RecentEvents(IEventLog log, IOptions<EventsOptions> events, IOptions<LiveEventsOptions> options)
{
    /// <summary>The name the end offsets are described under; nothing ever commits for it.</summary>
    public const string DescribeGroup = "portal-activity-view";

    private static readonly TimeSpan PollWait = TimeSpan.FromSeconds(2);

    /// <summary>The cap on what one read returns: the per-partition count over every partition read.</summary>
    public async Task<IReadOnlyList<ActivityEntry>> ReadAsync(CancellationToken cancellationToken = default)
    {
        var topics = events.Value.Topics.Values.Distinct().ToList();
        var states = await log.DescribeAsync(DescribeGroup, topics, cancellationToken);
        var ends = states.Where(s => s.EndOffset > 0).ToDictionary(s => new TopicPartition(s.Topic, s.Partition), s => s.EndOffset);
        if (ends.Count == 0) return [];
        var perPartition = options.Value.RecentPerPartition;
        var entries = new List<ActivityEntry>();
        await using (var reader = log.Subscribe(new ConsumerSettings(null, topics, StartingPosition.Earliest)))
        {
            foreach (var (partition, end) in ends) reader.Seek(partition, Math.Max(0, end - perPartition));
            var unfinished = new HashSet<TopicPartition>(ends.Keys);
            while (unfinished.Count > 0)
            {
                var records = await reader.PollAsync(1_000, PollWait, cancellationToken);
                // Nothing more although an end was not reached: those records were pruned meanwhile.
                if (records.Count == 0) break;
                foreach (var record in records)
                {
                    if (!ends.TryGetValue(record.TopicPartition, out var end) || record.Offset >= end)
                    {
                        unfinished.Remove(record.TopicPartition);
                        continue;
                    }
                    entries.Add(ActivityEntry.From(record, events.Value));
                    if (record.Offset + 1 >= end) unfinished.Remove(record.TopicPartition);
                }
            }
        }
        return entries.OrderByDescending(e => e.Time).ThenByDescending(e => e.Position, StringComparer.Ordinal).ToList();
    }
}
