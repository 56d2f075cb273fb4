using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Worker;

public sealed class SqliteBatchWorkerDeliveryTests() : BatchWorkerDeliveryTests(DatabaseOptions.Sqlite);

public sealed class PostgresBatchWorkerDeliveryTests() : BatchWorkerDeliveryTests(DatabaseOptions.Postgres);

/// <summary>The same scenarios on Kafka (the loopback mock cluster), with SQLite for the dead letters, inbox and controls.</summary>
public sealed class KafkaBatchWorkerDeliveryTests() : BatchWorkerDeliveryTests(DatabaseOptions.Sqlite, WorkerLog.Kafka);

/// <summary>At-least-once delivery with an effect exactly once (the inbox), dead letters and their retry, unreadable records,
/// two workers sharing a group, pause and resume.</summary>
public abstract class BatchWorkerDeliveryTests(string provider, WorkerLog log = WorkerLog.Embedded) : ProviderSuite(provider)
{
    private readonly WorkerLogs _logs = new(log);

    /// <summary>A log of the suite's kind (embedded: on the suite's database); each one opened stands for another process.</summary>
    private Task<IEventLog> OpenLogAsync(TestDatabase database) => _logs.OpenAsync(database);

    public override async Task DisposeAsync()
    {
        _logs.Dispose();
        await base.DisposeAsync();
    }

    [SkippableFact]
    public async Task A_worker_killed_after_handling_but_before_committing_gets_its_batch_delivered_again_and_the_inbox_keeps_the_effect_single()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options();
        var published = await PublishAsync(log, events, Enumerable.Range(1, 20));
        var handler = new InboxHandler(database);

        // The first worker dies right after its first batch is handled: its commit never happens.
        var kill = new CancellationTokenSource();
        var first = Start(handler, new DiesBeforeCommitLog(log, kill), database, events, options, stop: kill);
        await UntilAsync(() => kill.IsCancellationRequested, "the first worker died");
        await first.DisposeAsync();
        var deliveredBeforeDying = handler.Deliveries.Count;
        Assert.InRange(deliveredBeforeDying, 1, 20);
        Assert.All((await log.DescribeAsync(options.GroupOf(handler.Name), [events.TopicOf(EventFamilies.Activity)])),
            p => Assert.Null(p.CommittedOffset));

        // Another process takes over.
        await using (Start(handler, await OpenLogAsync(database), database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "the second worker committed");

        Assert.Equal(20 + deliveredBeforeDying, handler.Deliveries.Count);
        Assert.Equal(published.Select(e => e.Id).Order(), handler.Deliveries.Distinct().Order());
        Assert.Equal(20, await InboxHandler.EffectsAsync(database));
    }

    [SkippableFact]
    public async Task Batches_cut_by_bytes_deliver_every_record_once_in_order_per_partition()
    {
        // A batch full by bytes leaves the rest of what was polled to the next batch (the consumer seeks back to it).
        // A bench run with 10,000-record batches of 1 KB events once stalled 7 events short: every cut is checked here.
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => { o.BatchSize = 200; o.MaximumBatchBytes = 1024; });
        var handler = new ScriptedHandler("cut-by-bytes");
        await PublishAsync(log, events, Enumerable.Range(1, 300), i => $"visitor-{i % 7}");

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "every record was committed");

        Assert.True(handler.Invocations.Count > 10, $"the batches were not cut by bytes ({handler.Invocations.Count} invocations)");
        Assert.Equal(Enumerable.Range(1, 300), handler.Handled.Select(h => h.Item).Order());
        Assert.All(handler.Handled.GroupBy(h => h.Partition), p => Assert.Equal(p.Select(h => h.Offset).Order(), p.Select(h => h.Offset)));
    }

    [SkippableFact]
    public async Task Two_workers_in_one_group_split_the_partitions_and_apply_every_event_once()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.BatchSize = 10);
        var a = new ScriptedHandler("shared");
        var b = new ScriptedHandler("shared");
        await using var first = Start(a, log, database, events, options);
        await PublishAsync(log, events, [0]);
        await UntilAsync(() => !a.Handled.IsEmpty, "the first worker joined");
        await using var second = Start(b, await OpenLogAsync(database), database, events, options);
        // Keep publishing until the second worker owns partitions too (the group rebalanced).
        var warmup = 1;
        await UntilAsync(async () =>
        {
            await PublishAsync(log, events, Enumerable.Range(warmup, 8).Select(i => 1000 + i));
            warmup += 8;
            await Task.Delay(50);
            return !b.Handled.IsEmpty;
        }, "the second worker joined");
        await UntilAsync(() => AllCommittedAsync(log, events, options, "shared"), "the warm-up committed");
        var (beforeA, beforeB) = (a.Handled.Count, b.Handled.Count);

        await PublishAsync(log, events, Enumerable.Range(1, 80));
        await UntilAsync(() => AllCommittedAsync(log, events, options, "shared"), "all 80 committed");

        var byA = a.Handled.Skip(beforeA).Where(h => h.Item is >= 1 and <= 80).ToList();
        var byB = b.Handled.Skip(beforeB).Where(h => h.Item is >= 1 and <= 80).ToList();
        Assert.NotEmpty(byA);
        Assert.NotEmpty(byB);
        Assert.Empty(byA.Select(h => h.Partition).Intersect(byB.Select(h => h.Partition)));
        Assert.Equal(Enumerable.Range(1, 80), byA.Concat(byB).Select(h => h.Item).Order());
    }

    [SkippableFact]
    public async Task Malformed_and_unknown_records_are_dead_lettered_with_the_reason_and_the_consumer_goes_on()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options();
        var topic = events.TopicOf(EventFamilies.Activity);
        await PublishAsync(log, events, [1], _ => "visitor");
        var good = CloudEventHeaders.ToMessage(EventEnvelope.For(new ProductViewed("visitor", null, 2), Guid.NewGuid(), DateTime.UtcNow), topic);
        await log.PublishAsync(
        [
            new LogMessage(topic, "visitor", Encoding.UTF8.GetBytes("not a cloud event"), new Dictionary<string, string>()),
            good with { Headers = new Dictionary<string, string>(good.Headers) { [CloudEventHeaders.Type] = "portal.activity.teleported.v9" } },
            good with { Value = Encoding.UTF8.GetBytes("{\"itemId\": \"twelve\"") },
            // JSON that parses but is not the event: no fields at all, and a required one null.
            good with { Value = Encoding.UTF8.GetBytes("{}") },
            good with { Value = Encoding.UTF8.GetBytes("{\"visitorId\": null, \"userId\": null, \"itemId\": 4}") },
        ]);
        await PublishAsync(log, events, [3], _ => "visitor");
        var handler = new ScriptedHandler("reader");

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "all committed");

        Assert.Equal([1, 3], handler.Handled.Select(h => h.Item));
        var letters = await DeadLettersAsync(database);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], letters.Select(l => l.Offset));
        Assert.Contains("no CloudEvents 1.0 'ce_specversion' header", letters[0].Error);
        Assert.Equal("not a cloud event", Encoding.UTF8.GetString(letters[0].Value));
        Assert.Equal(("Unknown event type or version 'portal.activity.teleported.v9'.", "portal.activity.teleported.v9"), (letters[1].Error, letters[1].Type));
        Assert.Contains("is not readable", letters[2].Error);
        Assert.Contains("missing required properties", letters[3].Error);
        Assert.Contains("visitorId", letters[4].Error);
        Assert.All(letters, l => Assert.Equal(0, l.Attempts));
    }

    [SkippableFact]
    public async Task A_dead_letter_retried_from_the_page_is_handled_by_the_worker_and_leaves_the_dead_letters_and_the_audit_says_who()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 0);
        var broken = true;
        var handler = new ScriptedHandler("repairable", (batch, _) => new BatchResponse([.. batch.Records
            .Where(r => broken && ScriptedHandler.Item(r) == 7)
            .Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "the thumbnail service is down"))]));
        var monitor = Monitor([handler], log, database, events, options);
        await PublishAsync(log, events, [7, 8]);

        await using (Start(handler, log, database, events, options))
        {
            await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 1, "item 7 dead-lettered");
            var page = await monitor.DeadLettersAsync();
            var letter = Assert.Single(page.Letters);
            Assert.Contains("\"itemId\":7", letter.Payload);
            Assert.Equal(("the thumbnail service is down", 1, false), (letter.Error, letter.Attempts, letter.RetryRequested));

            // Still broken: the retry fails again and is counted.
            Assert.True(await monitor.RetryAsync(letter.Id, "admin@portal.local"));
            await UntilAsync(async () => (await DeadLettersAsync(database)).Single() is { Attempts: 2, RetryRequestedAt: null }, "the retry failed again");

            broken = false;
            Assert.Equal(1, await monitor.RetryAllAsync("admin@portal.local"));
            await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 0, "the retried dead letter handled");
        }

        Assert.Equal(2, handler.Handled.Count(h => h.Item == 7) + handler.Handled.Count(h => h.Item == 8));
        await using var db = database.NewContext();
        var audit = await db.AuditEntries.Where(a => a.EntityType == PipelineMonitor.DeadLetterEntity).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal([("Retry", "admin@portal.local"), ("RetryAll", "admin@portal.local")], audit.Select(a => (a.Action, a.UserName)));
    }

    [SkippableFact]
    public async Task A_discarded_dead_letter_is_gone_and_its_payload_kept_in_the_audit()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 0);
        var handler = new ScriptedHandler("discarding", (_, _) => throw new InvalidOperationException("never works"));
        var monitor = Monitor([handler], log, database, events, options);
        await PublishAsync(log, events, [5]);

        await using (Start(handler, log, database, events, options))
            await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 1, "dead-lettered");
        var id = (await DeadLettersAsync(database)).Single().Id;

        Assert.True(await monitor.DiscardAsync(id, "admin@portal.local"));
        Assert.False(await monitor.DiscardAsync(id, "admin@portal.local"));
        Assert.False(await monitor.RetryAsync(id, "admin@portal.local"));
        Assert.Empty(await DeadLettersAsync(database));
        await using var db = database.NewContext();
        var entry = await db.AuditEntries.SingleAsync(a => a.EntityType == PipelineMonitor.DeadLetterEntity);
        Assert.Equal(("Discard", id.ToString()), (entry.Action, entry.EntityId));
        Assert.Contains("never works", entry.BeforeJson);
        Assert.Contains("itemId", entry.BeforeJson);
    }

    [SkippableFact]
    public async Task A_paused_consumer_leaves_its_group_on_every_worker_and_takes_up_where_it_was_when_resumed()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options();
        var handler = new InboxHandler(database, "pausable");
        var monitor = Monitor([handler], log, database, events, options);
        await PublishAsync(log, events, [1, 2]);

        await using var worker = Start(handler, log, database, events, options);
        await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "the first two handled");
        await monitor.SetPausedAsync(handler.Name, true, "admin@portal.local");
        Assert.True((await monitor.ConsumersAsync()).Single().Paused);
        await PublishAsync(log, events, [3, 4]);
        await monitor.SetPausedAsync(handler.Name, false, "admin@portal.local");
        await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "the rest handled after resuming");

        Assert.Equal(4, await InboxHandler.EffectsAsync(database));
        var consumer = (await monitor.ConsumersAsync()).Single();
        Assert.Equal((false, "admin@portal.local", 0L), (consumer.Paused, consumer.ChangedBy, consumer.Lag));
        await using var db = database.NewContext();
        Assert.Equal(["Pause", "Resume"], await db.AuditEntries.Where(a => a.EntityType == PipelineMonitor.ConsumerEntity).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => monitor.SetPausedAsync("nobody", true, "admin@portal.local"));
    }
}

/// <summary>A log whose consumers die (the worker's stop is pulled) at the moment they would commit: a process killed before its commit.</summary>
public sealed class DiesBeforeCommitLog(IEventLog inner, CancellationTokenSource kill) : IEventLog
{
    public Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default) => inner.PublishAsync(messages, cancellationToken);
    public Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default) =>
        inner.DescribeAsync(group, topics, cancellationToken);
    public IEventLogConsumer Subscribe(ConsumerSettings settings) => new Consumer(inner.Subscribe(settings), kill);

    private sealed class Consumer(IEventLogConsumer inner, CancellationTokenSource kill) : IEventLogConsumer
    {
        public IReadOnlyCollection<TopicPartition> Assignment => inner.Assignment;
        public Task<IReadOnlyList<LogRecord>> PollAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default) =>
            inner.PollAsync(maxRecords, wait, cancellationToken);
        public void Seek(TopicPartition partition, long offset) => inner.Seek(partition, offset);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
        public Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken = default)
        {
            kill.Cancel();
            throw new OperationCanceledException("The process was killed before it committed.", kill.Token);
        }
    }
}
