using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Worker;

/// <summary>A handler whose behaviour a test sets per invocation; it records every invocation's records (partition, offset, item).</summary>
public sealed class ScriptedHandler(string name, Func<EventBatch, int, BatchResponse>? behaviour = null) : IEventBatchHandler
{
    private int _calls;
    public ConcurrentQueue<IReadOnlyList<(int Partition, long Offset, int Item)>> Invocations { get; } = new();
    public ConcurrentQueue<(int Partition, long Offset, int Item)> Handled { get; } = new();
    public Func<EventBatch, int, BatchResponse>? Behaviour { get; set; } = behaviour;

    public string Name => name;
    public IReadOnlyCollection<string> Families => [EventFamilies.Activity];

    public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        var records = batch.Records.Select(Describe).ToList();
        Invocations.Enqueue(records);
        var response = Behaviour?.Invoke(batch, Interlocked.Increment(ref _calls)) ?? BatchResponse.Success;
        var firstFailed = response.BatchItemFailures.GroupBy(f => f.Partition.Partition).ToDictionary(g => g.Key, g => g.Min(f => f.Offset));
        foreach (var record in records.Where(r => !firstFailed.TryGetValue(r.Partition, out var from) || r.Offset < from)) Handled.Enqueue(record);
        return Task.FromResult(response);
    }

    public static (int Partition, long Offset, int Item) Describe(BatchRecord r) => (r.Record.Partition, r.Record.Offset, ((ProductViewed)r.Event).ItemId);

    public static int Item(BatchRecord r) => ((ProductViewed)r.Event).ItemId;
}

/// <summary>A handler with an effect in the database (an audit row per event) made idempotent by the inbox, in one transaction.</summary>
public sealed class InboxHandler(TestDatabase database, string name = "inbox-test") : IEventBatchHandler
{
    public const string Effect = "TestEffect";
    public ConcurrentQueue<string> Deliveries { get; } = new();
    public Action? AfterBatch { get; set; }

    public string Name => name;
    public IReadOnlyCollection<string> Families => [EventFamilies.Activity];

    public async Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var record in batch.Records)
        {
            Deliveries.Enqueue(record.Envelope.Id);
            if (await EventInbox.TryMarkAsync(db, Name, record.Envelope.Id, DateTime.UtcNow, cancellationToken))
                db.AuditEntries.Add(AuditTrail.Entry(Effect, record.Envelope.Id, "Applied", Name, DateTime.UtcNow, (object?)null, (object?)null));
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        AfterBatch?.Invoke();
        return BatchResponse.Success;
    }

    public static async Task<int> EffectsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.CountAsync(a => a.EntityType == Effect);
    }
}

/// <summary>A running worker and how to stop it.</summary>
public sealed class RunningWorker(BatchWorker worker, Task run, CancellationTokenSource stop) : IAsyncDisposable
{
    public BatchWorker Worker => worker;
    public CancellationTokenSource Stop => stop;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await run;
        stop.Dispose();
    }
}

public static class WorkerTesting
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60); // an upper bound for a loaded machine, not a timing check

    public static EventsOptions NewTopics()
    {
        var prefix = $"t{Guid.NewGuid():N}"[..12];
        return new EventsOptions { Topics = EventFamilies.All.ToDictionary(f => f, f => $"{prefix}.{f}") };
    }

    public static WorkerOptions Options(Action<WorkerOptions>? change = null)
    {
        var options = new WorkerOptions
        {
            RetryBackoff = TimeSpan.FromMilliseconds(5),
            MaximumRetryBackoff = TimeSpan.FromMilliseconds(20),
            ControlInterval = TimeSpan.FromMilliseconds(100),
            MaximumBatchingWindow = TimeSpan.FromSeconds(1),
            // Fresh consumer groups per test: on a shared Kafka cluster no test meets another's (or an earlier run's) members.
            GroupPrefix = $"w{Guid.NewGuid():N}"[..13],
        };
        change?.Invoke(options);
        Assert.True(new WorkerOptionsValidator().Validate(null, options).Succeeded);
        return options;
    }

    public static PipelineMetrics Metrics() => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public static RunningWorker Start(IEventBatchHandler handler, IEventLog log, TestDatabase database, EventsOptions events, WorkerOptions options,
        PipelineMetrics? metrics = null, CancellationTokenSource? stop = null)
    {
        var worker = new BatchWorker(handler, log, new TestDbContextFactory(database), options, events, metrics ?? Metrics(), TimeProvider.System,
            Environment.GetEnvironmentVariable("PORTAL_TEST_LOGFILE") is { } logFile ? new Portal.Tests.Engine.Messaging.Pipeline.FileLog<BatchWorker>(logFile) : NullLogger<BatchWorker>.Instance);
        stop ??= new CancellationTokenSource();
        return new RunningWorker(worker, Task.Run(() => worker.RunAsync(stop.Token)), stop);
    }

    public static PipelineMonitor Monitor(IEventBatchHandler[] handlers, IEventLog log, TestDatabase database, EventsOptions events, WorkerOptions options) =>
        new(handlers, log, new TestDbContextFactory(database), Microsoft.Extensions.Options.Options.Create(options), Microsoft.Extensions.Options.Options.Create(events), TimeProvider.System);

    /// <summary>Publishes a ProductViewed per item, keyed by <paramref name="key"/>(item) (default: one key per item).</summary>
    public static async Task<List<EventEnvelope>> PublishAsync(IEventLog log, EventsOptions events, IEnumerable<int> items, Func<int, string>? key = null)
    {
        var envelopes = items.Select(i => EventEnvelope.For(new ProductViewed(key?.Invoke(i) ?? $"visitor-{i}", null, i), Guid.NewGuid(), DateTime.UtcNow)).ToList();
        await log.PublishAsync(envelopes.Select(e => CloudEventHeaders.ToMessage(e, events.TopicOf(e.Family))).ToList());
        return envelopes;
    }

    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Still not true after {Patience.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task<List<DeadLetter>> DeadLettersAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.DeadLetters.AsNoTracking().OrderBy(l => l.Id).ToListAsync();
    }

    /// <summary>True once the group has committed every record of the activity topic.</summary>
    public static async Task<bool> AllCommittedAsync(IEventLog log, EventsOptions events, WorkerOptions options, string handler)
    {
        var states = await log.DescribeAsync(options.GroupOf(handler), [events.TopicOf(EventFamilies.Activity)]);
        return states.All(s => s.Lag == 0);
    }
}
