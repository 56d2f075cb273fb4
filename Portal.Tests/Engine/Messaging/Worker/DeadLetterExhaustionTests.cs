using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Worker;

public sealed class SqliteDeadLetterExhaustionTests() : DeadLetterExhaustionTests(DatabaseOptions.Sqlite);

public sealed class PostgresDeadLetterExhaustionTests() : DeadLetterExhaustionTests(DatabaseOptions.Postgres);

/// <summary>Regressions: no record dropped when a partition's retries run out, the handler told of its dead letters, and a retry
/// request taken by exactly one worker without the other failing.</summary>
public abstract class DeadLetterExhaustionTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task When_retries_run_out_every_record_from_the_first_failed_offset_of_its_partition_is_dead_lettered_and_the_handler_is_told()
    {
        var database = await DatabaseAsync();
        var log = await EmbeddedLogs.OpenAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 1);
        await PublishAsync(log, events, [1, 2, 3, 4], _ => "visitor-a");
        // The handler names only item 2 and skips (does not report) what follows it in its partition, as a handler may.
        var handler = new AwareHandler("exhausted", (batch, _) => new BatchResponse([.. batch.Records.Where(r => ScriptedHandler.Item(r) == 2)
            .Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "item 2 is broken"))]));

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "committed after the retries ran out");

        var letters = await DeadLettersAsync(database);
        Assert.Equal([1L, 2L, 3L], letters.Select(l => l.Offset));
        Assert.Equal("item 2 is broken", letters[0].Error);
        Assert.All(letters.Skip(1), l => Assert.Contains("@1 of its partition failed (item 2 is broken)", l.Error));
        Assert.All(letters, l => Assert.Equal(2, l.Attempts));
        Assert.Equal([2, 3, 4], handler.DeadLettered.Select(d => ScriptedHandler.Item(d.Record)));
    }

    [SkippableFact]
    public async Task A_retry_request_another_worker_already_took_is_skipped_quietly_and_the_worker_keeps_its_group()
    {
        var database = await DatabaseAsync();
        var log = new CountingLog(await EmbeddedLogs.OpenAsync(database));
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 0);
        var broken = true;
        var retries = 0;
        var handler = new ScriptedHandler("claimed", (batch, _) =>
        {
            if (broken) return new BatchResponse([.. batch.Records.Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "down"))]);
            if (batch.Records.Any(r => ScriptedHandler.Item(r) == 7))
            {
                // While this worker handles the retry, another one (which also saw the request) finishes it and removes the letter.
                Interlocked.Increment(ref retries);
                using var db = database.NewContext();
                db.DeadLetters.Where(l => l.Handler == "claimed").ExecuteDelete();
            }
            return BatchResponse.Success;
        });
        var monitor = Monitor([handler], log, database, events, options);
        await PublishAsync(log, events, [7]);

        await using (Start(handler, log, database, events, options))
        {
            await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 1, "item 7 dead-lettered");
            var subscriptions = log.Subscriptions;
            broken = false;
            Assert.Equal(1, await monitor.RetryAllAsync("admin@portal.local"));
            await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 0, "the retry done");
            await PublishAsync(log, events, [8]);
            await UntilAsync(() => handler.Handled.Any(h => h.Item == 8), "the next record handled");
            Assert.Equal(subscriptions, log.Subscriptions);
        }
        Assert.Equal(1, retries);
    }

    [SkippableFact]
    public async Task Two_workers_seeing_one_retry_request_invoke_the_handler_for_it_once()
    {
        var database = await DatabaseAsync();
        var log = await EmbeddedLogs.OpenAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 0);
        var broken = true;
        var handler = new ScriptedHandler("twice", (batch, _) => broken
            ? new BatchResponse([.. batch.Records.Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "down"))])
            : BatchResponse.Success);
        var monitor = Monitor([handler], log, database, events, options);
        await PublishAsync(log, events, [5]);

        // The second worker joins once item 5 is dead-lettered and committed past: before that, a rebalance between the two may
        // deliver it again (at least once) and dead-letter it twice, which is not what this test is about.
        await using var first = Start(handler, log, database, events, options);
        await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 1, "item 5 dead-lettered");
        await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "item 5 committed");
        await using var second = Start(handler, await EmbeddedLogs.OpenAsync(database), database, events, options);
        broken = false;
        Assert.Equal(1, await monitor.RetryAllAsync("admin@portal.local"));
        await UntilAsync(async () => (await DeadLettersAsync(database)).Count == 0, "the retry done");
        Assert.Equal(1, handler.Handled.Count(h => h.Item == 5));
    }
}

/// <summary>A scripted handler that keeps what the worker told it went to the dead letters.</summary>
public sealed class AwareHandler(string name, Func<EventBatch, int, BatchResponse> behaviour) : IEventBatchHandler, IDeadLetterAware
{
    private readonly ScriptedHandler _inner = new(name, behaviour);
    public List<DeadLetteredRecord> DeadLettered { get; } = [];
    public string Name => _inner.Name;
    public IReadOnlyCollection<string> Families => _inner.Families;
    public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken) => _inner.HandleAsync(batch, cancellationToken);

    public Task OnDeadLetteredAsync(IReadOnlyList<DeadLetteredRecord> records, CancellationToken cancellationToken)
    {
        lock (DeadLettered) DeadLettered.AddRange(records);
        return Task.CompletedTask;
    }
}

/// <summary>A log that counts how often a consumer subscribes (a worker that leaves its group joins again).</summary>
public sealed class CountingLog(IEventLog inner) : IEventLog
{
    private int _subscriptions;
    public int Subscriptions => Volatile.Read(ref _subscriptions);
    public Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default) => inner.PublishAsync(messages, cancellationToken);
    public Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default) =>
        inner.DescribeAsync(group, topics, cancellationToken);
    public IEventLogConsumer Subscribe(ConsumerSettings settings)
    {
        Interlocked.Increment(ref _subscriptions);
        return inner.Subscribe(settings);
    }
}
