using System.Text;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Log;

public sealed class SqliteEmbeddedEventLogTests() : EmbeddedEventLogTests(DatabaseOptions.Sqlite);

public sealed class PostgresEmbeddedEventLogTests() : EmbeddedEventLogTests(DatabaseOptions.Postgres);

/// <summary>What the embedded log does beyond the contract: leases that lapse, retention, waking polls, many producers at once.</summary>
public abstract class EmbeddedEventLogTests(string provider) : ProviderSuite(provider)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static LogMessage Message(string topic, string key, string text) =>
        new(topic, key, Encoding.UTF8.GetBytes(text), new Dictionary<string, string>());

    private static string Text(LogRecord record) => Encoding.UTF8.GetString(record.Value.Span);

    private static async Task UntilAsync(string what, Func<Task<bool>> step)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await step())
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within {Patience.TotalSeconds:0} s: {what}");
    }

    private static async Task<List<LogRecord>> DrainAsync(IEventLogConsumer consumer, int count)
    {
        var records = new List<LogRecord>();
        await UntilAsync($"{count} records arrive", async () =>
        {
            records.AddRange(await consumer.PollAsync(count - records.Count, TimeSpan.FromMilliseconds(250)));
            return records.Count >= count;
        });
        Assert.Equal(count, records.Count);
        return records;
    }

    [SkippableFact]
    public async Task A_member_whose_heartbeats_stop_loses_its_partitions_to_the_others_and_shares_again_when_it_returns()
    {
        var database = await DatabaseAsync();
        var severed = new SeveredContexts(database);
        var (cut, healthy) = (await EmbeddedLogs.OpenAsync(database, contexts: severed), await EmbeddedLogs.OpenAsync(database));
        var (topic, group) = ("lapse.topic", "lapse-group");
        await healthy.PublishAsync(Enumerable.Range(0, 64).Select(i => Message(topic, $"k{i}", $"k{i}")).ToList());
        await using var a = cut.Subscribe(new ConsumerSettings(group, [topic]));
        await using var b = healthy.Subscribe(new ConsumerSettings(group, [topic]));
        await UntilAsync("the two members split the partitions", async () =>
        {
            await a.PollAsync(100, TimeSpan.FromMilliseconds(50));
            await b.PollAsync(100, TimeSpan.FromMilliseconds(50));
            return a.Assignment.Count > 0 && b.Assignment.Count > 0 && a.Assignment.Count + b.Assignment.Count == 4;
        });
        var ofA = a.Assignment.ToList();

        severed.Down = true;
        await Assert.ThrowsAsync<EventLogUnavailableException>(() => a.PollAsync(10, TimeSpan.Zero));
        await Assert.ThrowsAsync<EventLogUnavailableException>(() => a.CommitAsync(new Dictionary<TopicPartition, long> { [ofA[0]] = 1 }));
        await UntilAsync("the healthy member takes every partition", async () =>
        {
            await b.PollAsync(100, TimeSpan.FromMilliseconds(100));
            return b.Assignment.Count == 4;
        });
        // Its lease ran out before the others could take its partitions, so it had stopped returning their records.
        Assert.Empty(a.Assignment);

        // What the lapsed member had is the healthy one's now.
        Assert.All(ofA, tp => Assert.Contains(tp, b.Assignment));
        severed.Down = false;
        await UntilAsync("the returning member shares the partitions again", async () =>
        {
            await a.PollAsync(100, TimeSpan.FromMilliseconds(50));
            await b.PollAsync(100, TimeSpan.FromMilliseconds(50));
            return a.Assignment.Count > 0 && b.Assignment.Count > 0 && !a.Assignment.Intersect(b.Assignment).Any();
        });
    }

    [SkippableFact]
    public async Task A_member_that_stops_polling_leaves_its_group_until_it_polls_again()
    {
        var database = await DatabaseAsync();
        var options = EmbeddedLogs.TestOptions();
        (options.SessionTimeout, options.MaxPollInterval) = (TimeSpan.FromMilliseconds(600), TimeSpan.FromSeconds(1));
        var log = await EmbeddedLogs.OpenAsync(database, options);
        await using var stuck = log.Subscribe(new ConsumerSettings("stuck-group", ["stuck.topic"]));
        await using var busy = log.Subscribe(new ConsumerSettings("stuck-group", ["stuck.topic"]));
        await UntilAsync("the first member takes partitions", async () =>
        {
            await stuck.PollAsync(10, TimeSpan.FromMilliseconds(50));
            return stuck.Assignment.Count > 0;
        });

        // Only the other member polls from now on: the first one's handler "hangs".
        await UntilAsync("the polling member takes every partition", async () =>
        {
            await busy.PollAsync(10, TimeSpan.FromMilliseconds(100));
            return busy.Assignment.Count == 4;
        });
        Assert.Empty(stuck.Assignment);

        await UntilAsync("the first member shares again once it polls", async () =>
        {
            await stuck.PollAsync(10, TimeSpan.FromMilliseconds(50));
            await busy.PollAsync(10, TimeSpan.FromMilliseconds(50));
            return stuck.Assignment.Count > 0 && busy.Assignment.Count > 0;
        });
    }

    [SkippableFact]
    public async Task Three_members_committing_while_producers_append_and_one_leaves_handle_every_record_and_end_with_no_lag()
    {
        var database = await DatabaseAsync();
        EmbeddedEventLog[] logs = [await EmbeddedLogs.OpenAsync(database), await EmbeddedLogs.OpenAsync(database)];
        var handled = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        using var stop = new CancellationTokenSource();
        var members = Enumerable.Range(0, 3).Select(m => Task.Run(async () =>
        {
            await using var consumer = logs[m % 2].Subscribe(new ConsumerSettings("crowd", ["crowd.topic"]));
            var mine = 0;
            while (!stop.IsCancellationRequested && !(m == 2 && mine >= 60))
            {
                var records = await consumer.PollAsync(20, TimeSpan.FromMilliseconds(100));
                foreach (var record in records) handled.AddOrUpdate(Text(record), 1, (_, n) => n + 1);
                mine += records.Count;
                if (records.Count > 0)
                    await consumer.CommitAsync(records.GroupBy(r => r.TopicPartition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1));
            }
        })).ToList();
        await Task.WhenAll(Enumerable.Range(0, 2).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < 20; i++)
                await logs[p].PublishAsync(Enumerable.Range(0, 10).Select(j => Message("crowd.topic", $"key-{(i * 10 + j) % 40}", $"{p}:{i}:{j}")).ToList());
        })));

        await UntilAsync("every record is handled and committed", async () =>
        {
            await Task.Delay(200);
            return handled.Count == 400 && (await logs[0].DescribeAsync("crowd", ["crowd.topic"])).All(p => p.Lag == 0);
        });
        await stop.CancelAsync();
        await Task.WhenAll(members);
        Assert.Equal(400, (await logs[1].DescribeAsync("crowd", ["crowd.topic"])).Sum(p => p.CommittedOffset ?? 0));
    }

    [SkippableFact]
    public async Task Records_past_their_retention_are_pruned_and_offsets_go_on_after_them()
    {
        var database = await DatabaseAsync();
        var clock = new ShiftedClock { Shift = -TimeSpan.FromDays(8) };
        var log = await EmbeddedLogs.OpenAsync(database, clock: clock);
        await log.PublishAsync(Enumerable.Range(0, 3).Select(i => Message("kept.topic", "order-1", $"old{i}")).ToList());
        clock.Shift = TimeSpan.Zero;
        await log.PublishAsync(Enumerable.Range(0, 2).Select(i => Message("kept.topic", "order-1", $"new{i}")).ToList());

        Assert.Equal(3, await log.PruneAsync());

        await using var consumer = log.Subscribe(new ConsumerSettings("after-prune", ["kept.topic"]));
        var records = await DrainAsync(consumer, 2);
        Assert.Equal([("new0", 3L), ("new1", 4L)], records.Select(r => (Text(r), r.Offset)));
        Assert.Equal(5, (await log.DescribeAsync("after-prune", ["kept.topic"])).Sum(p => p.EndOffset));
        Assert.Equal(0, await log.PruneAsync());
    }

    [SkippableFact]
    public async Task A_waiting_poll_wakes_at_an_append_in_its_own_process_without_its_poll_interval()
    {
        var database = await DatabaseAsync();
        var options = EmbeddedLogs.TestOptions();
        options.PollInterval = TimeSpan.FromMinutes(1);
        // Timers never fire here: only the append can end the wait.
        var log = await EmbeddedLogs.OpenAsync(database, options, new TimersThatNeverFire());
        await using var tail = log.Subscribe(new ConsumerSettings(null, ["wake.topic"]));

        var poll = tail.PollAsync(10, TimeSpan.FromHours(1));
        await log.PublishAsync([Message("wake.topic", "cart-1", "hello")]);

        Assert.Equal("hello", Text(Assert.Single(await poll.WaitAsync(Patience))));
    }

    [SkippableFact]
    public async Task One_append_larger_than_an_insert_statement_keeps_dense_offsets_and_each_keys_order()
    {
        var database = await DatabaseAsync();
        var log = await EmbeddedLogs.OpenAsync(database);
        await log.PublishAsync([Message("big.topic", "key-0", "first")]);
        // 1,300 records over 3 keys: several multi-row INSERTs, a partition's records split between two.
        await log.PublishAsync(Enumerable.Range(0, 1300).Select(i => Message("big.topic", $"key-{i % 3}", $"{i % 3}:{i / 3}")).ToList());

        await using var consumer = log.Subscribe(new ConsumerSettings("big", ["big.topic"]));
        var records = await DrainAsync(consumer, 1301);
        foreach (var partition in records.GroupBy(r => r.Partition))
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(r => r.Offset).Order());
        foreach (var key in records.Where(r => Text(r) != "first").GroupBy(r => r.Key))
            Assert.Equal(Enumerable.Range(0, key.Count()), key.OrderBy(r => r.Offset).Select(r => int.Parse(Text(r).Split(':')[1])));
        Assert.Equal(1301, (await log.DescribeAsync("big", ["big.topic"])).Sum(p => p.EndOffset));
    }

    [SkippableFact]
    public async Task Many_producers_in_several_processes_on_few_keys_keep_each_producers_order_and_dense_offsets()
    {
        var database = await DatabaseAsync();
        var logs = new List<EmbeddedEventLog>();
        for (var i = 0; i < 3; i++) logs.Add(await EmbeddedLogs.OpenAsync(database));
        await Task.WhenAll(Enumerable.Range(0, 9).Select(producer => Task.Run(async () =>
        {
            for (var i = 0; i < 15; i++)
                await logs[producer % 3].PublishAsync([Message("busy.topic", $"key-{producer % 3}", $"{producer}:{i}")]);
        })));

        await using var consumer = logs[0].Subscribe(new ConsumerSettings("busy", ["busy.topic"]));
        var records = await DrainAsync(consumer, 135);

        foreach (var partition in records.GroupBy(r => r.Partition))
            Assert.Equal(Enumerable.Range(0, partition.Count()).Select(i => (long)i), partition.Select(r => r.Offset).Order());
        foreach (var producer in records.GroupBy(r => Text(r).Split(':')[0]))
        {
            Assert.Single(producer.Select(r => r.Partition).Distinct());
            Assert.Equal(Enumerable.Range(0, 15), producer.OrderBy(r => r.Offset).Select(r => int.Parse(Text(r).Split(':')[1])));
        }
    }
}
