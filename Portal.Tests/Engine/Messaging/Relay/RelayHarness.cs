using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Relay;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Relay;

/// <summary>Relays, events and outbox queries shared by the relay tests.</summary>
public static class RelayHarness
{
    public static OutboxRelay NewRelay(TestDatabase database, IEventLog log, TimeProvider clock, string owner,
        RelayOptions? options = null, RelayStatus? status = null) =>
        new(new TestDbContextFactory(database), log, Options.Create(options ?? new RelayOptions { BatchSize = 50 }),
            Options.Create(new EventsOptions()), status ?? new RelayStatus(), clock, NullLogger<OutboxRelay>.Instance) { Owner = owner };

    /// <summary>Runs the relay until the outbox is empty; fails when it cannot publish or stands by.</summary>
    public static async Task<int> DrainAsync(OutboxRelay relay)
    {
        for (var turns = 1; turns < 10_000; turns++)
        {
            var step = await relay.RunOnceAsync();
            if (step == RelayStep.Idle) return turns;
            Assert.Equal(RelayStep.Published, step);
        }
        throw new InvalidOperationException("The outbox never drained.");
    }

    /// <summary>Writes each event in a transaction of its own (as a change would), in the order given.</summary>
    public static async Task EnqueueAsync(TestDatabase database, IEnumerable<IIntegrationEvent> events, DateTime at)
    {
        foreach (var @event in events)
        {
            await using var db = database.NewContext();
            await using var transaction = await db.Database.BeginTransactionAsync();
            OutboxWriter.Enqueue(db, @event, at);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }
    }

    /// <summary>Stock events for <paramref name="items"/> items, counting 1..<paramref name="perItem"/> per item, interleaved.</summary>
    public static IEnumerable<IIntegrationEvent> Counting(int items, int perItem, int firstItem = 1) =>
        from n in Enumerable.Range(1, perItem) from item in Enumerable.Range(firstItem, items) select new StockChanged(item, n, 1, "test");

    public static async Task<int> UnpublishedAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.OutboxPending.CountAsync();
    }

    public static async Task<OutboxRelayLease> LeaseAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        return await db.OutboxRelayLeases.AsNoTracking().SingleAsync(l => l.Name == OutboxRelayLease.Outbox);
    }

    /// <summary>Every key's values in the order the log received them must be exactly 1..n, each once.</summary>
    public static void AssertCountingInOrder(Dictionary<string, List<int>> stocksByKey, int items, int perItem)
    {
        Assert.Equal(items, stocksByKey.Count);
        foreach (var (key, stocks) in stocksByKey)
            Assert.True(stocks.SequenceEqual(Enumerable.Range(1, perItem)), $"{key} arrived as {string.Join(",", stocks)}");
    }
}
