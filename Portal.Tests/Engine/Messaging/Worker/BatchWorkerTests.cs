using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Worker;

public sealed class SqliteBatchWorkerTests() : BatchWorkerTests(DatabaseOptions.Sqlite);

public sealed class PostgresBatchWorkerTests() : BatchWorkerTests(DatabaseOptions.Postgres);

/// <summary>The same scenarios on Kafka (the loopback mock cluster), with SQLite for the dead letters, inbox and controls.</summary>
public sealed class KafkaBatchWorkerTests() : BatchWorkerTests(DatabaseOptions.Sqlite, WorkerLog.Kafka);

/// <summary>How the worker invokes a handler, as Lambda's Kafka event source mapping does: batch size and window, retries with
/// back-off, bisect on error, partial batch responses; order per partition and commits after handling.</summary>
public abstract class BatchWorkerTests(string provider, WorkerLog log = WorkerLog.Embedded) : ProviderSuite(provider)
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
    public async Task Batches_hold_at_most_BatchSize_records_in_offset_order_per_partition_and_are_committed_after_handling()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => { o.BatchSize = 100; o.MaximumBatchingWindow = TimeSpan.FromSeconds(2); });
        await PublishAsync(log, events, Enumerable.Range(1, 250), i => $"visitor-{i % 7}");
        var handler = new ScriptedHandler("sizes");

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "all 250 committed");

        Assert.Equal([100, 100, 50], handler.Invocations.Select(b => b.Count));
        var handled = handler.Handled.ToList();
        Assert.Equal(Enumerable.Range(1, 250), handled.Select(h => h.Item).Order());
        foreach (var partition in handled.GroupBy(h => h.Partition))
            Assert.Equal(partition.Select(h => h.Offset).Order(), partition.Select(h => h.Offset));
    }

    [SkippableFact]
    public async Task Records_that_are_there_together_come_in_one_batch_within_the_batching_window()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => { o.BatchSize = 100; o.MaximumBatchingWindow = TimeSpan.FromSeconds(2); });
        await PublishAsync(log, events, Enumerable.Range(1, 7));
        var handler = new ScriptedHandler("window");

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "all 7 committed");

        Assert.Equal(7, Assert.Single(handler.Invocations).Count);
    }

    [SkippableFact]
    public async Task A_failing_batch_is_retried_with_back_off_until_it_succeeds_and_nothing_is_dead_lettered()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 5);
        await PublishAsync(log, events, Enumerable.Range(1, 3), _ => "one-visitor");
        var handler = new ScriptedHandler("flaky", (_, call) => call <= 2 ? throw new TimeoutException("the database is busy") : BatchResponse.Success);

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "committed after the retries");

        Assert.Equal(3, handler.Invocations.Count);
        Assert.All(handler.Invocations, batch => Assert.Equal([1, 2, 3], batch.Select(r => r.Item)));
        Assert.Empty(await DeadLettersAsync(database));
    }

    [SkippableFact]
    public async Task A_batch_that_fails_every_retry_goes_to_the_dead_letters_with_error_and_attempts_and_the_worker_goes_on()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 2);
        await PublishAsync(log, events, [13, 14], _ => "one-visitor");
        var handler = new ScriptedHandler("poisoned", (batch, _) => batch.Records.Any(r => ScriptedHandler.Item(r) == 13)
            ? throw new InvalidOperationException("item 13 is cursed") : BatchResponse.Success);

        await using (Start(handler, log, database, events, options))
        {
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "the poisoned batch committed");
            await PublishAsync(log, events, [15], _ => "one-visitor");
            await UntilAsync(() => handler.Handled.Any(h => h.Item == 15), "the next record handled");
        }

        Assert.Equal(3, handler.Invocations.Count(b => b.Any(r => r.Item == 13)));
        var letters = await DeadLettersAsync(database);
        Assert.Equal([0L, 1L], letters.Select(l => l.Offset));
        Assert.All(letters, l => Assert.Equal((3, "InvalidOperationException: item 13 is cursed", "poisoned"), (l.Attempts, l.Error, l.Handler)));
        Assert.All(letters, l => Assert.True(l.FirstFailedAt <= l.LastFailedAt));
        Assert.Contains("\"itemId\":13", System.Text.Encoding.UTF8.GetString(letters[0].Value));
    }

    [SkippableFact]
    public async Task Bisect_on_error_isolates_the_bad_record_so_only_it_is_dead_lettered_and_the_rest_keep_their_order()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => { o.MaximumRetryAttempts = 1; o.BisectBatchOnFunctionError = true; });
        await PublishAsync(log, events, Enumerable.Range(1, 8), _ => "one-visitor");
        var handler = new ScriptedHandler("bisect", (batch, _) => batch.Records.Any(r => ScriptedHandler.Item(r) == 6)
            ? throw new FormatException("item 6 is malformed") : BatchResponse.Success);

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "committed after bisecting");

        Assert.Equal([1, 2, 3, 4, 5, 7, 8], handler.Handled.Select(h => h.Item));
        // 8 -> [1-4] ok, [5-8] fails -> [5,6] fails -> [5] ok, [6] fails, retried once -> dead letter; [7,8] ok.
        Assert.Equal([8, 4, 4, 2, 1, 1, 1, 2], handler.Invocations.Select(b => b.Count));
        var letter = Assert.Single(await DeadLettersAsync(database));
        Assert.Equal((5L, 2, "FormatException: item 6 is malformed"), (letter.Offset, letter.Attempts, letter.Error));
    }

    [SkippableFact]
    public async Task A_partial_batch_response_retries_only_the_failed_records_from_the_first_failed_offset_of_their_partition()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 3);
        // One visitor's four views on one partition, four other visitors' views spread over the partitions.
        await PublishAsync(log, events, Enumerable.Range(1, 8), i => i <= 4 ? "visitor-a" : $"visitor-{i}");
        var handler = new ScriptedHandler("partial", (batch, call) => call == 1
            ? new BatchResponse([.. batch.Records.Where(r => ScriptedHandler.Item(r) == 2).Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "item 2 needs a retry"))])
            : BatchResponse.Success);

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "committed after the partial retry");

        var invocations = handler.Invocations.ToList();
        Assert.Equal(2, invocations.Count);
        Assert.Equal(8, invocations[0].Count);
        // The retry holds item 2 and what follows it in its partition, nothing else.
        var failed = invocations[0].Single(r => r.Item == 2);
        Assert.Equal(invocations[0].Where(r => r.Partition == failed.Partition && r.Offset >= failed.Offset), invocations[1]);
        Assert.Equal([2, 3, 4], invocations[1].Where(r => r.Item <= 4).Select(r => r.Item));
        Assert.Equal(Enumerable.Range(1, 8), handler.Handled.Select(h => h.Item).Order());
        Assert.Equal(8, handler.Handled.Count);
        Assert.Empty(await DeadLettersAsync(database));
    }

    [SkippableFact]
    public async Task A_partial_batch_response_naming_a_record_not_in_the_batch_fails_the_whole_batch()
    {
        var database = await DatabaseAsync();
        var log = await OpenLogAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 0);
        await PublishAsync(log, events, [1, 2], _ => "one-visitor");
        var handler = new ScriptedHandler("stranger", (batch, _) =>
            new BatchResponse([new BatchItemFailure(batch.Records[0].Record.TopicPartition, 999, "no such record")]));

        await using (Start(handler, log, database, events, options))
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "committed");

        var letters = await DeadLettersAsync(database);
        Assert.Equal(2, letters.Count);
        Assert.All(letters, l => Assert.Contains("not in the batch", l.Error));
    }
}
