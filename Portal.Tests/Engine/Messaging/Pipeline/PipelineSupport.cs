using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Engine.Auditing;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Relay;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Pipeline;

/// <summary>
/// The end of the pipeline: a handler on every family that applies each event once through the inbox (an audit row per
/// event, in the handler's transaction) and remembers, after each commit, what it applied and in which order per key.
/// </summary>
public sealed class CountingHandler(TestDatabase database, string name = "pipeline") : IEventBatchHandler
{
    public const string Effect = "PipelineEffect";
    private readonly Lock _gate = new();
    public ConcurrentQueue<string> Deliveries { get; } = new();
    public Dictionary<string, List<int>> AppliedStocksByKey { get; } = [];

    public string Name => name;
    public IReadOnlyCollection<string> Families => EventFamilies.All;

    public async Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        await using var db = database.NewContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var applied = new List<BatchRecord>();
        foreach (var record in batch.Records)
        {
            Deliveries.Enqueue(record.Envelope.Id);
            if (!await EventInbox.TryMarkAsync(db, Name, record.Envelope.Id, DateTime.UtcNow, cancellationToken)) continue;
            db.AuditEntries.Add(AuditTrail.Entry(Effect, record.Envelope.Id, "Applied", Name, DateTime.UtcNow, (object?)null, (object?)null));
            applied.Add(record);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        lock (_gate)
            foreach (var record in applied.Where(r => r.Event is StockChanged))
            {
                if (!AppliedStocksByKey.TryGetValue(record.Record.Key, out var stocks)) AppliedStocksByKey[record.Record.Key] = stocks = [];
                stocks.Add(((StockChanged)record.Event).Stock);
            }
        return BatchResponse.Success;
    }

    /// <summary>The event id of every effect row: one per event applied.</summary>
    public static async Task<List<string>> EffectsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.AuditEntries.Where(a => a.EntityType == Effect).Select(a => a.EntityId).ToListAsync();
    }
}

/// <summary>A handler going record by record (as the image handlers do, so each record gets its handling span) that notes
/// the trace each record was handled in.</summary>
public sealed class TracedHandler : IEventBatchHandler
{
    public ConcurrentQueue<(int Item, System.Diagnostics.ActivityTraceId? Trace)> Handled { get; } = new();

    public string Name => "traced";
    public IReadOnlyCollection<string> Families => [EventFamilies.Activity];

    public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken) => RecordByRecord.HandleAsync(batch,
        _ => true,
        (record, _) =>
        {
            Handled.Enqueue((((ProductViewed)record.Event).ItemId, System.Diagnostics.Activity.Current?.TraceId));
            return Task.CompletedTask;
        },
        (_, _) => { }, "not tried", cancellationToken);
}

/// <summary>Outbox-side helpers for the pipeline tests.</summary>
public static class PipelineFlow
{
    public static OutboxRelay NewRelay(TestDatabase database, IEventLog log, EventsOptions events, TimeProvider clock, string owner) =>
        new(new TestDbContextFactory(database), log, Microsoft.Extensions.Options.Options.Create(new RelayOptions { BatchSize = 20 }), Microsoft.Extensions.Options.Options.Create(events),
            new RelayStatus(), clock, NullLogger<OutboxRelay>.Instance) { Owner = owner };

    public static async Task<List<string>> OutboxEventIdsAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return (await db.OutboxMessages.Select(m => m.EventId).ToListAsync()).Select(id => id.ToString()).ToList();
    }

    public static async Task<int> UnpublishedAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.OutboxPending.CountAsync();
    }

    /// <summary>
    /// Runs the relays side by side, a step each per round, until <paramref name="writers"/> are done and the outbox is
    /// empty. A failed step is allowed (a log coming back needs a few tries); <paramref name="everyRound"/> runs after each round.
    /// </summary>
    public static async Task RelayUntilDrainedAsync(TestDatabase database, OutboxRelay[] relays, Task? writers = null, Action<int>? everyRound = null)
    {
        var until = DateTime.UtcNow + Patience;
        for (var round = 1; ; round++)
        {
            var done = writers?.IsCompleted ?? true;
            await Task.WhenAll(relays.Select(r => r.RunOnceAsync()));
            everyRound?.Invoke(round);
            if (done && await UnpublishedAsync(database) == 0) break;
            if (DateTime.UtcNow > until) Assert.Fail($"The outbox still holds {await UnpublishedAsync(database)} events after {Patience.TotalSeconds} s.");
            await Task.Delay(10);
        }
        if (writers is not null) await writers;
    }

    /// <summary>Every outbox event applied exactly once: one effect row per event id, none missing, none extra.</summary>
    public static async Task AssertEachAppliedOnceAsync(TestDatabase database)
    {
        var expected = (await OutboxEventIdsAsync(database)).Order().ToList();
        var effects = await CountingHandler.EffectsAsync(database);
        var twice = effects.GroupBy(e => e).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(twice.Count == 0, $"{twice.Count} events applied twice");
        var lost = expected.Except(effects).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {expected.Count} events lost");
        Assert.Equal(expected, effects.Order().ToList());
    }

    /// <summary>Polls until <paramref name="count"/> effects exist; <paramref name="patience"/> is an upper bound for a loaded
    /// machine, not a timing check (a worker coming back from a Kafka outage rejoins its group and retries its admin calls).</summary>
    public static async Task UntilAllAppliedAsync(TestDatabase database, int count, TimeSpan? patience = null)
    {
        var until = DateTime.UtcNow + (patience ?? Patience);
        while ((await CountingHandler.EffectsAsync(database)).Count < count)
        {
            if (DateTime.UtcNow > until) Assert.Fail($"{(await CountingHandler.EffectsAsync(database)).Count} of {count} events applied after {(patience ?? Patience).TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
