using System.Collections.Concurrent;
using System.Diagnostics;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Worker;

public sealed class SqliteBatchingWindowTests() : BatchingWindowTests(DatabaseOptions.Sqlite);

public sealed class PostgresBatchingWindowTests() : BatchingWindowTests(DatabaseOptions.Postgres);

public sealed class KafkaBatchingWindowTests() : BatchingWindowTests(DatabaseOptions.Sqlite, WorkerLog.Kafka);

/// <summary>
/// The batching window with records arriving while the worker runs (Lambda's MaximumBatchingWindow): a record that comes inside
/// the window joins the batch, one that comes after it starts the next, and a full BatchSize does not wait for the window.
/// Each test first has the worker handle a warm-up batch, so it is polling before the records under test are published.
/// </summary>
public abstract class BatchingWindowTests(string provider, WorkerLog log = WorkerLog.Embedded) : ProviderSuite(provider)
{
    private readonly WorkerLogs _logs = new(log);

    public override async Task DisposeAsync()
    {
        _logs.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A handler that notes when each invocation came.</summary>
    private static (ScriptedHandler Handler, ConcurrentQueue<long> InvokedAt) Timed(string name)
    {
        var invokedAt = new ConcurrentQueue<long>();
        return (new ScriptedHandler(name, (_, _) => { invokedAt.Enqueue(Stopwatch.GetTimestamp()); return BatchResponse.Success; }), invokedAt);
    }

    [SkippableFact]
    public async Task A_record_arriving_inside_the_window_joins_the_batch_and_one_arriving_after_it_starts_the_next()
    {
        var database = await DatabaseAsync();
        var eventLog = await _logs.OpenAsync(database);
        var events = NewTopics();
        var window = TimeSpan.FromSeconds(2);
        var options = Options(o => { o.BatchSize = 100; o.MaximumBatchingWindow = window; });
        var (handler, invokedAt) = Timed("window-join");

        await using (Start(handler, eventLog, database, events, options))
        {
            await PublishAsync(eventLog, events, [0], _ => "visitor");
            await UntilAsync(() => handler.Invocations.Count == 1, "the warm-up batch was handled");

            // The first record opens the window; the second comes well inside it.
            var first = Stopwatch.GetTimestamp();
            await PublishAsync(eventLog, events, [1], _ => "visitor");
            await Task.Delay(window / 4);
            Assert.Equal(1, handler.Invocations.Count); // nothing invoked yet: the window is still open
            await PublishAsync(eventLog, events, [2], _ => "visitor");
            await UntilAsync(() => handler.Invocations.Count == 2, "the window's batch was handled");
            Assert.Equal([1, 2], handler.Invocations.ElementAt(1).Select(r => r.Item));
            // It waited for the window (measured from when the first record came, which is after it was published).
            Assert.True(Stopwatch.GetElapsedTime(first, invokedAt.ElementAt(1)) >= window * 0.9,
                $"invoked after {Stopwatch.GetElapsedTime(first, invokedAt.ElementAt(1))}, before the window of {window} ended");

            // A record after the window ended (its batch already went): a batch of its own.
            await PublishAsync(eventLog, events, [3], _ => "visitor");
            await UntilAsync(() => handler.Invocations.Count == 3, "the next batch was handled");
            Assert.Equal([3], handler.Invocations.ElementAt(2).Select(r => r.Item));
            await UntilAsync(() => AllCommittedAsync(eventLog, events, options, handler.Name), "all committed");
        }
        Assert.Equal([1, 2, 1], handler.Invocations.Select(b => b.Count));
    }

    [SkippableFact]
    public async Task A_full_batch_is_invoked_at_once_without_waiting_for_the_window()
    {
        var database = await DatabaseAsync();
        var eventLog = await _logs.OpenAsync(database);
        var events = NewTopics();
        var window = TimeSpan.FromSeconds(60);
        var options = Options(o => { o.BatchSize = 5; o.MaximumBatchingWindow = window; });
        var (handler, invokedAt) = Timed("window-full");

        await using (Start(handler, eventLog, database, events, options))
        {
            await PublishAsync(eventLog, events, Enumerable.Range(100, 5), _ => "visitor");
            await UntilAsync(() => handler.Invocations.Count == 1, "the warm-up batch (full) was handled");

            // Records come one by one while the worker polls: the fifth fills the batch, long before the minute is up.
            var first = Stopwatch.GetTimestamp();
            foreach (var item in Enumerable.Range(1, 7))
            {
                await PublishAsync(eventLog, events, [item], _ => "visitor");
                await Task.Delay(100);
            }
            await UntilAsync(() => handler.Invocations.Count == 2, "the full batch was handled");
            Assert.Equal([1, 2, 3, 4, 5], handler.Invocations.ElementAt(1).Select(r => r.Item));
            Assert.True(Stopwatch.GetElapsedTime(first, invokedAt.ElementAt(1)) < window / 3,
                $"the full batch waited {Stopwatch.GetElapsedTime(first, invokedAt.ElementAt(1))} (the window is {window})");
            // The two after it wait for their window (a minute): not invoked yet.
            await Task.Delay(500);
            Assert.Equal(2, handler.Invocations.Count);
        }
    }
}
