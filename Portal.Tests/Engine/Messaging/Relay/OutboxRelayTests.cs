using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Relay;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Relay.RelayHarness;

namespace Portal.Tests.Engine.Messaging.Relay;

public sealed class SqliteOutboxRelayTests() : OutboxRelayTests(DatabaseOptions.Sqlite);

public sealed class PostgresOutboxRelayTests() : OutboxRelayTests(DatabaseOptions.Postgres);

/// <summary>The relay on each provider: order per key, two relays at once, a crash between publish and mark, pruning.</summary>
public abstract class OutboxRelayTests(string provider) : ProviderSuite(provider)
{
    private readonly ManualClock _clock = new(DateTime.UtcNow);

    [SkippableFact]
    public async Task Publishes_every_row_once_in_sequence_order_per_key_and_marks_it_published()
    {
        var database = await DatabaseAsync();
        await EnqueueAsync(database, Counting(items: 7, perItem: 30), _clock.Now);
        var log = new RelayTestLog();

        var turns = await DrainAsync(NewRelay(database, log, _clock, "relay-a"));

        Assert.Equal(Math.Ceiling(7 * 30 / 50.0) + 1, turns); // five batches of at most 50, then an empty look
        AssertCountingInOrder(log.StocksByKey(), items: 7, perItem: 30);
        Assert.Equal(210, log.Ids.Distinct().Count());
        await using var db = database.NewContext();
        var rows = await db.OutboxMessages.AsNoTracking().OrderBy(m => m.Sequence).ToListAsync();
        Assert.All(rows, r => Assert.Equal((0, (string?)null), (r.Attempts, r.LastError))); // published at the first attempt
        Assert.Equal(0, await UnpublishedAsync(database));
        // The stored message is the CloudEvent of the row: id, type, subject, key and topic.
        var first = log.Stored[0];
        Assert.Equal((rows[0].EventId.ToString(), "portal.catalog.stock-changed.v1", "catalog/1", "item-1", "portal.catalog"),
            (first.Headers[CloudEventHeaders.Id], first.Headers[CloudEventHeaders.Type], first.Headers[CloudEventHeaders.Subject], first.Key, first.Topic));
    }

    [SkippableFact]
    public async Task Two_relays_at_once_publish_no_event_twice_and_none_out_of_order_and_a_standby_takes_over_an_expired_lease()
    {
        var database = await DatabaseAsync();
        var log = new RelayTestLog();
        var a = NewRelay(database, log, _clock, "relay-a");
        var b = NewRelay(database, log, _clock, "relay-b");
        // Four writers, each counting on its own five items, while both relays run flat out.
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => EnqueueAsync(database, Counting(5, 10, firstItem: w * 5 + 1), _clock.Now))));
        var steps = await Task.WhenAll(RunUntilDrainedAsync(a, database, writers), RunUntilDrainedAsync(b, database, writers));

        Assert.Equal(200, log.Stored.Count);
        Assert.Equal(200, log.Ids.Distinct().Count()); // 0 published twice
        AssertCountingInOrder(log.StocksByKey(), items: 20, perItem: 10);
        // One relay held the lease throughout (the clock did not move); the other only stood by.
        Assert.Single(steps, s => s.All(step => step == RelayStep.Standby));
        Assert.Equal(1, (await LeaseAsync(database)).Fence);

        // The holder stops renewing (it died); once the lease has expired the standby takes over and goes on in order.
        var holder = steps[0].All(s => s == RelayStep.Standby) ? b : a;
        var standby = holder == a ? b : a;
        await EnqueueAsync(database, Counting(20, 2).Select(e => (StockChanged)e).Select(e => e with { Stock = e.Stock + 10 }), _clock.Now);
        Assert.Equal(RelayStep.Standby, await standby.RunOnceAsync());
        _clock.Advance(new RelayOptions().LeaseDuration + TimeSpan.FromSeconds(1));
        await DrainAsync(standby);
        Assert.Equal(RelayStep.Standby, await holder.RunOnceAsync());

        var lease = await LeaseAsync(database);
        Assert.Equal((standby.Owner, 2L), (lease.Owner, lease.Fence));
        Assert.Equal(240, log.Ids.Distinct().Count());
        Assert.Equal(240, log.Stored.Count);
        AssertCountingInOrder(log.StocksByKey(), items: 20, perItem: 12);
    }

    [SkippableFact]
    public async Task A_failure_between_publish_and_mark_publishes_the_batch_again_with_the_same_event_ids_so_a_consumer_deduping_by_id_applies_each_once()
    {
        var database = await DatabaseAsync();
        await EnqueueAsync(database, Counting(items: 4, perItem: 10), _clock.Now);
        var log = new RelayTestLog { FailAfterStoring = 1 };
        var relay = NewRelay(database, log, _clock, "relay-a", new RelayOptions { BatchSize = 25 });

        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());
        Assert.Equal(40, await UnpublishedAsync(database));
        await DrainAsync(relay);

        // At least once: the first 25 reached the log twice, under the same ids.
        Assert.Equal(65, log.Stored.Count);
        Assert.Equal(40, log.Ids.Distinct().Count());
        Assert.Equal(log.Ids.Take(25), log.Ids.Skip(25).Take(25));
        // A consumer that skips ids it has applied (the worker's inbox) applies every event once, in order per key.
        AssertCountingInOrder(log.StocksByKey(dedupe: true), items: 4, perItem: 10);
        await using var db = database.NewContext();
        Assert.Equal(25, await db.OutboxMessages.CountAsync(m => m.Attempts == 1)); // the failed attempt
    }

    [SkippableFact]
    public async Task Published_rows_are_pruned_after_the_retention_and_unpublished_ones_never()
    {
        var database = await DatabaseAsync();
        var log = new RelayTestLog();
        var relay = NewRelay(database, log, _clock, "relay-a");
        await EnqueueAsync(database, Counting(10, 1), _clock.Now);
        await DrainAsync(relay);
        _clock.Advance(TimeSpan.FromDays(3));
        await EnqueueAsync(database, Counting(5, 1, firstItem: 11), _clock.Now);
        await DrainAsync(relay);
        log.Down = true;
        await EnqueueAsync(database, Counting(3, 1, firstItem: 16), _clock.Now);
        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());

        Assert.Equal(0, await relay.PruneAsync());
        _clock.Advance(TimeSpan.FromDays(4) + TimeSpan.FromMinutes(1)); // the first ten are 7 days and a minute old now

        Assert.Equal(10, await relay.PruneAsync());
        await using var db = database.NewContext();
        Assert.Equal(5 + 3, await db.OutboxMessages.CountAsync()); // five published, three waiting
        Assert.Equal(3, await UnpublishedAsync(database));
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(5, await relay.PruneAsync());
        Assert.Equal(3, await UnpublishedAsync(database));
    }

    [SkippableFact]
    public async Task Pruning_stops_at_the_oldest_row_unpublished_or_within_the_retention_and_takes_the_rows_behind_it_once_published()
    {
        var database = await DatabaseAsync();
        var relay = NewRelay(database, new RelayTestLog(), _clock, "relay-a");
        await EnqueueAsync(database, Counting(10, 1), _clock.Now);
        await DrainAsync(relay);
        // The sixth row's mark was lost (as when a mark fails): unpublished still, behind five published rows and before four.
        await using (var db = database.NewContext())
        {
            var sixth = (await db.OutboxMessages.OrderBy(m => m.Sequence).Select(m => m.Sequence).ToListAsync())[5];
            db.OutboxPending.Add(new OutboxPending { Sequence = sixth });
            await db.SaveChangesAsync();
        }
        _clock.Advance(TimeSpan.FromDays(8));

        Assert.Equal(5, await relay.PruneAsync()); // never the unpublished row; the four behind it wait
        Assert.Equal(1, await UnpublishedAsync(database));
        await DrainAsync(relay); // published again now; the retention counts from when the rows were written
        Assert.Equal(5, await relay.PruneAsync());
        await using var after = database.NewContext();
        Assert.Equal(0, await after.OutboxMessages.CountAsync());
    }

    [SkippableFact]
    public async Task Rows_written_in_bulk_commit_with_their_transaction_and_are_published_like_any_others()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(120, await OutboxWriter.WriteAsync(db, Counting(items: 3, perItem: 40), _clock.Now));
            await transaction.RollbackAsync();
        }
        Assert.Equal(0, await UnpublishedAsync(database)); // rolled back with the transaction they were written in
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            // More than one INSERT's worth (500 rows each where there is no COPY).
            await OutboxWriter.WriteAsync(db, Counting(items: 6, perItem: 100), _clock.Now);
            await transaction.CommitAsync();
        }
        var log = new RelayTestLog();

        await DrainAsync(NewRelay(database, log, _clock, "relay-a"));

        AssertCountingInOrder(log.StocksByKey(), items: 6, perItem: 100);
        Assert.Equal(600, log.Ids.Distinct().Count());
        // The same row Enqueue would have written.
        await using var read = database.NewContext();
        var row = await read.OutboxMessages.AsNoTracking().OrderBy(m => m.Sequence).FirstAsync();
        var expected = OutboxWriter.ToMessage(new StockChanged(1, 1, 1, "test"), _clock.Now);
        Assert.Equal((expected.Family, expected.Key, expected.Type, expected.Subject, expected.Payload, expected.OccurredAt, 0),
            (row.Family, row.Key, row.Type, row.Subject, row.Payload, row.OccurredAt, row.Attempts));
        Assert.Equal(log.Ids[0], row.EventId.ToString());
    }

    [SkippableFact]
    public async Task A_bulk_row_holds_the_same_text_and_trace_as_an_enqueued_one_also_beyond_ascii()
    {
        var database = await DatabaseAsync();
        var @event = new StockChanged(7, 3, -1, "Größe ✓ 日本 \"quoted\" <b>&amp;</b> \\ \u0001 😀");
        using var span = new Activity("bulk-writer").SetIdFormat(ActivityIdFormat.W3C).Start();
        var expected = OutboxWriter.ToMessage(@event, _clock.Now);
        await using (var db = database.NewContext())
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Assert.Equal(1, await OutboxWriter.WriteAsync(db, [@event], _clock.Now));
            await transaction.CommitAsync();
        }

        await using var read = database.NewContext();
        var row = await read.OutboxMessages.AsNoTracking().SingleAsync();
        Assert.Equal((expected.Family, expected.Key, expected.Type, expected.Subject, expected.Payload, expected.TraceParent),
            (row.Family, row.Key, row.Type, row.Subject, row.Payload, row.TraceParent));
        Assert.NotNull(row.TraceParent);
        Assert.Equal(@event, JsonSerializer.Deserialize<StockChanged>(row.Payload, EventCatalog.Json));
    }

    [SkippableFact]
    public async Task A_bulk_write_that_fails_part_way_keeps_none_of_its_rows_and_leaves_the_connection_usable()
    {
        var database = await DatabaseAsync();
        // More than one buffer's worth of good rows (PostgreSQL's COPY has sent some before the bad one), without a transaction.
        var events = Counting(items: 10, perItem: 100).Append(new NotCatalogued()).ToList();
        await using var db = database.NewContext();

        await Assert.ThrowsAsync<ArgumentException>(() => OutboxWriter.WriteAsync(db, events, _clock.Now));

        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(0, await UnpublishedAsync(database));
        Assert.Equal(3, await OutboxWriter.WriteAsync(db, Counting(items: 3, perItem: 1), _clock.Now));
        Assert.Equal(3, await db.OutboxMessages.CountAsync());
    }

    /// <summary>An event type the catalog does not know (it lives outside Portal.Engine).</summary>
    private sealed record NotCatalogued : IIntegrationEvent
    {
        public string AggregateKey => "nobody";
        public string Subject => "nothing";
    }

    /// <summary>Runs one relay until the writers are done and the outbox is empty; returns what each turn did.</summary>
    private static async Task<List<RelayStep>> RunUntilDrainedAsync(OutboxRelay relay, TestDatabase database, Task writers)
    {
        var steps = new List<RelayStep>();
        while (true)
        {
            var done = writers.IsCompleted;
            var step = await relay.RunOnceAsync();
            steps.Add(step);
            if (done && step != RelayStep.Published && await UnpublishedAsync(database) == 0) break;
            if (step is RelayStep.Standby or RelayStep.Idle) await Task.Delay(5);
            Assert.NotEqual(RelayStep.Failed, step);
        }
        await writers;
        return steps;
    }
}
