using System.Text;
using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Log;

/// <summary>
/// What every <see cref="IEventLog"/> promises (the embedded log on each database, Kafka): order per key, dense offsets per
/// partition, committed offsets per group that survive a restart, the starting positions, members of a group sharing the
/// partitions, the groupless tail, DescribeAsync's figures, and keys, values and headers unchanged. A subclass per
/// implementation fills in <see cref="OpenLogAsync"/>. "Latest" is fixed when a partition is assigned: the tests publish
/// the new records only after the consumer shows its assignment.
/// </summary>
public abstract partial class EventLogContract
{
    [SkippableFact]
    public async Task Messages_with_one_key_land_on_one_partition_in_the_order_they_were_published()
    {
        var log = await OpenLogAsync();
        var topic = NewTopic();
        string[] keys = ["order-1", "order-2", "order-3"];
        for (var round = 0; round < 5; round++)
            await log.PublishAsync(keys.SelectMany(k => Enumerable.Range(0, 4).Select(i => Message(topic, k, $"{k}:{round * 4 + i}"))).ToList());

        await using var consumer = log.Subscribe(Group(NewGroup(), topic));
        var records = await DrainAsync(consumer, 60);

        foreach (var key in keys)
        {
            var mine = records.Where(r => r.Key == key).ToList();
            Assert.Single(mine.Select(r => r.Partition).Distinct());
            Assert.Equal(Enumerable.Range(0, 20).Select(i => $"{key}:{i}"), mine.Select(Text));
        }
    }

    [SkippableFact]
    public async Task Producers_publishing_at_once_get_offsets_without_gaps_or_duplicates_per_partition()
    {
        IEventLog[] logs = [await OpenLogAsync(), await OpenLogAsync()];
        var topic = NewTopic();
        var keys = ManyKeys("k", 16);
        await Task.WhenAll(Enumerable.Range(0, 6).Select(producer => Task.Run(async () =>
        {
            for (var batch = 0; batch < 5; batch++)
                await logs[producer % 2].PublishAsync(Enumerable.Range(0, 5)
                    .Select(i => Message(topic, keys[(producer * 7 + batch * 3 + i) % keys.Count], $"{producer}-{batch}-{i}")).ToList());
        })));

        await using var consumer = logs[0].Subscribe(Group(NewGroup(), topic));
        var records = await DrainAsync(consumer, 150);

        Assert.Equal(150, records.Select(Text).Distinct().Count());
        var described = await logs[1].DescribeAsync("nobody", [topic]);
        foreach (var partition in records.GroupBy(r => r.Partition))
        {
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(r => r.Offset).Order());
            Assert.Equal(partition.Count(), described.Single(d => d.Partition == partition.Key).EndOffset);
        }
    }

    [SkippableFact]
    public async Task Keys_values_headers_and_timestamps_come_back_unchanged()
    {
        var log = await OpenLogAsync();
        var topic = NewTopic();
        var value = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var headers = new Dictionary<string, string>
        {
            ["ce_id"] = Guid.NewGuid().ToString(), ["ce_type"] = "portal.orders.placed.v1", ["ce_specversion"] = "1.0",
            ["ce_subject"] = "Bestellung für Zoë ✓", ["content-type"] = "application/json",
        };
        var before = DateTimeOffset.UtcNow;
        await log.PublishAsync([new LogMessage(topic, "kunde-ä/42", value, headers)]);
        var after = DateTimeOffset.UtcNow;

        await using var consumer = log.Subscribe(Group(NewGroup(), topic));
        var record = Assert.Single(await DrainAsync(consumer, 1));

        Assert.Equal((topic, "kunde-ä/42", 0L), (record.Topic, record.Key, record.Offset));
        Assert.Equal(value, record.Value.ToArray());
        Assert.Equal(headers.OrderBy(h => h.Key), record.Headers.OrderBy(h => h.Key));
        Assert.InRange(record.Timestamp, before.AddMinutes(-1), after.AddMinutes(1));
    }

    [SkippableFact]
    public async Task A_group_resumes_after_its_last_commit_after_a_restart_and_gets_the_uncommitted_again()
    {
        var topic = NewTopic();
        var group = NewGroup();
        var first = await OpenLogAsync();
        await first.PublishAsync(Enumerable.Range(0, 10).Select(i => Message(topic, "cart-7", $"m{i}")).ToList());
        await using (var consumer = first.Subscribe(Group(group, topic)))
        {
            var records = await DrainAsync(consumer, 10);
            Assert.True(await consumer.CommitAsync(new Dictionary<TopicPartition, long> { [records[3].TopicPartition] = records[3].Offset + 1 }));
        }

        var restarted = await OpenLogAsync();
        // A committed offset wins over the starting position.
        await using var again = restarted.Subscribe(Group(group, topic, StartingPosition.Latest));
        Assert.Equal(Enumerable.Range(4, 6).Select(i => $"m{i}"), (await DrainAsync(again, 6)).Select(Text));
    }

    [SkippableFact]
    public async Task Each_group_keeps_its_own_offsets_and_seek_redelivers()
    {
        var log = await OpenLogAsync();
        var topic = NewTopic();
        await log.PublishAsync(Enumerable.Range(0, 5).Select(i => Message(topic, "item-1", $"m{i}")).ToList());
        var (one, two) = (NewGroup(), NewGroup());

        await using (var consumer = log.Subscribe(Group(one, topic)))
        {
            var records = await DrainAsync(consumer, 5);
            consumer.Seek(records[1].TopicPartition, records[1].Offset);
            Assert.Equal(["m1", "m2", "m3", "m4"], (await DrainAsync(consumer, 4)).Select(Text));
            Assert.True(await consumer.CommitAsync(new Dictionary<TopicPartition, long> { [records[4].TopicPartition] = records[4].Offset + 1 }));
        }
        await using (var other = log.Subscribe(Group(two, topic)))
            Assert.Equal(5, (await DrainAsync(other, 5)).Count);

        Assert.Equal(5, (await log.DescribeAsync(one, [topic])).Single(p => p.EndOffset == 5).CommittedOffset);
        Assert.All(await log.DescribeAsync(two, [topic]), p => Assert.Null(p.CommittedOffset));
    }

    [SkippableFact]
    public async Task Latest_starts_after_what_was_there_and_at_timestamp_starts_at_the_first_record_not_older()
    {
        var log = await OpenLogAsync();
        var topic = NewTopic();
        var keys = ManyKeys("p", 8);
        await log.PublishAsync(keys.Select(k => Message(topic, k, $"old {k}")).ToList());
        await using (var probe = log.Subscribe(Group(NewGroup(), topic)))
        {
            var old = await DrainAsync(probe, keys.Count);
            // Wait until the clock has passed the old records' timestamps before taking the cut.
            while (DateTimeOffset.UtcNow <= old.Max(r => r.Timestamp).AddMilliseconds(50)) await Task.Delay(20);
        }
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(50);

        await using var latest = log.Subscribe(Group(NewGroup(), topic, StartingPosition.Latest));
        await UntilAsync("the Latest consumer gets its partitions", async () =>
        {
            Assert.Empty(await PollOwnedAsync(latest, 100, TimeSpan.FromMilliseconds(250)));
            return latest.Assignment.Count == Partitions;
        });
        await log.PublishAsync(keys.Select(k => Message(topic, k, $"new {k}")).ToList());

        Assert.All(await DrainAsync(latest, keys.Count), r => Assert.StartsWith("new ", Text(r)));
        await using var atCut = log.Subscribe(Group(NewGroup(), topic, StartingPosition.AtTimestamp, cut));
        Assert.All(await DrainAsync(atCut, keys.Count), r => Assert.StartsWith("new ", Text(r)));
        await using var earliest = log.Subscribe(Group(NewGroup(), topic, StartingPosition.Earliest));
        Assert.Equal(2 * keys.Count, (await DrainAsync(earliest, 2 * keys.Count)).Count);
    }

    [SkippableFact]
    public async Task Two_members_of_a_group_split_the_partitions_and_a_leaving_members_partitions_move_to_the_other()
    {
        var topic = NewTopic();
        var group = NewGroup();
        var log = await OpenLogAsync();
        var keys = ManyKeys("order");
        await log.PublishAsync(keys.Select(k => Message(topic, k, k)).ToList());
        var a = log.Subscribe(Group(group, topic));
        await using var b = (await OpenLogAsync()).Subscribe(Group(group, topic));
        var seen = new HashSet<string>();
        try
        {
            await UntilAsync("both members own partitions, none twice, all of them", async () =>
            {
                foreach (var member in new[] { a, b })
                    seen.UnionWith((await PollOwnedAsync(member, 100, TimeSpan.FromMilliseconds(100))).Select(Text));
                var (ofA, ofB) = (a.Assignment, b.Assignment);
                return ofA.Count > 0 && ofB.Count > 0 && !ofA.Intersect(ofB).Any() && ofA.Union(ofB).Count() == Partitions;
            });
            var partitionOfB = b.Assignment.First();
            Assert.False(await a.CommitAsync(new Dictionary<TopicPartition, long> { [partitionOfB] = 0 }));
            await UntilAsync("the two members read every record between them", async () =>
            {
                foreach (var member in new[] { a, b })
                    seen.UnionWith((await PollOwnedAsync(member, 100, TimeSpan.FromMilliseconds(100))).Select(Text));
                return seen.Count == keys.Count;
            });
        }
        finally
        {
            await a.DisposeAsync();
        }

        await UntilAsync("the remaining member owns every partition", async () =>
        {
            await PollOwnedAsync(b, 100, TimeSpan.FromMilliseconds(250));
            return b.Assignment.Count == Partitions;
        });
        var later = ManyKeys("later");
        await log.PublishAsync(later.Select(k => Message(topic, k, k)).ToList());
        var records = new List<LogRecord>();
        await UntilAsync("the remaining member reads the later records of every partition", async () =>
        {
            records.AddRange(await PollOwnedAsync(b, 100, TimeSpan.FromMilliseconds(250)));
            return later.All(k => records.Any(r => Text(r) == k));
        });
        Assert.Equal(Partitions, records.Where(r => later.Contains(Text(r))).Select(r => r.Partition).Distinct().Count());
    }

    [SkippableFact]
    public async Task Groupless_tails_each_read_every_partition_from_the_latest_and_commit_nothing()
    {
        var topic = NewTopic();
        var log = await OpenLogAsync();
        await log.PublishAsync(ManyKeys("before", 8).Select(k => Message(topic, k, k)).ToList());
        await using var one = log.Subscribe(new ConsumerSettings(null, [topic], StartingPosition.Latest));
        await using var two = (await OpenLogAsync()).Subscribe(new ConsumerSettings(null, [topic], StartingPosition.Latest));
        foreach (var tail in new[] { one, two })
            await UntilAsync("the tail reads every partition", async () =>
            {
                Assert.Empty(await PollOwnedAsync(tail, 100, TimeSpan.FromMilliseconds(100)));
                return tail.Assignment.Count == Partitions;
            });

        var keys = ManyKeys("after");
        await log.PublishAsync(keys.Select(k => Message(topic, k, k)).ToList());

        foreach (var tail in new[] { one, two })
            Assert.Equal(keys.Order(), (await DrainAsync(tail, keys.Count)).Select(Text).Order());
        Assert.False(await one.CommitAsync(new Dictionary<TopicPartition, long> { [new TopicPartition(topic, 0)] = 1 }));
    }

    [SkippableFact]
    public async Task Describe_reports_end_offset_committed_offset_and_lag_of_every_partition()
    {
        var topic = NewTopic();
        var group = NewGroup();
        var log = await OpenLogAsync();
        await log.PublishAsync(Enumerable.Range(0, 10).Select(i => Message(topic, "image-5", $"m{i}")).ToList());
        TopicPartition partition;
        await using (var consumer = log.Subscribe(Group(group, topic)))
        {
            var records = await DrainAsync(consumer, 10);
            partition = records[0].TopicPartition;
            Assert.True(await consumer.CommitAsync(new Dictionary<TopicPartition, long> { [partition] = records[3].Offset + 1 }));
        }

        var described = await (await OpenLogAsync()).DescribeAsync(group, [topic]);

        Assert.All(described, d => Assert.Equal(topic, d.Topic));
        Assert.Equal(AllPartitions(topic).Select(p => p.Partition), described.Select(d => d.Partition).Order());
        var busy = described.Single(d => d.Partition == partition.Partition);
        Assert.Equal((10L, (long?)4L, 6L), (busy.EndOffset, busy.CommittedOffset, busy.Lag));
        Assert.All(described.Where(d => d != busy), d => Assert.Equal((0L, (long?)null, 0L), (d.EndOffset, d.CommittedOffset, d.Lag)));
    }
}
