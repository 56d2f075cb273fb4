using System.Text.Json;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Relay;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Relay.RelayHarness;

namespace Portal.Tests.Engine.Messaging.Relay;

public sealed class SqliteRelayEmbeddedLogTests() : RelayEmbeddedLogTests(DatabaseOptions.Sqlite);

public sealed class PostgresRelayEmbeddedLogTests() : RelayEmbeddedLogTests(DatabaseOptions.Postgres);

/// <summary>The relay publishing into the real embedded log (one log instance per relay, as two processes), read back by a consumer.</summary>
public abstract class RelayEmbeddedLogTests(string provider) : ProviderSuite(provider)
{
    private readonly ManualClock _clock = new(DateTime.UtcNow);

    [SkippableFact]
    public async Task Two_relays_into_the_embedded_log_store_every_event_once_in_order_per_key_and_a_crash_is_applied_once_by_id()
    {
        var database = await DatabaseAsync();
        var first = new RelayTestLog(await EmbeddedLogs.OpenAsync(database));
        var second = new RelayTestLog(await EmbeddedLogs.OpenAsync(database));
        var a = NewRelay(database, first, _clock, "process-a");
        var b = NewRelay(database, second, _clock, "process-b");
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() => EnqueueAsync(database, Counting(4, 10, firstItem: w * 4 + 1), _clock.Now))));
        while (true)
        {
            var done = writers.IsCompleted;
            var steps = await Task.WhenAll(a.RunOnceAsync(), b.RunOnceAsync());
            Assert.DoesNotContain(RelayStep.Failed, steps);
            if (done && await UnpublishedAsync(database) == 0) break;
        }
        await writers;

        var log = await ReadBackAsync(database, 160);
        Assert.Equal(160, log.Count);
        Assert.Equal(160, log.Select(Id).Distinct().Count()); // 0 published twice
        AssertCountingInOrder(StocksByKey(log), items: 16, perItem: 10);

        // The holder's connection drops after the log stored a batch: the batch is stored again, under the same ids.
        var holder = first.Stored.Count > 0 ? first : second;
        holder.FailAfterStoring = 1;
        await EnqueueAsync(database, Counting(16, 2).Cast<StockChanged>().Select(e => e with { Stock = e.Stock + 10 }), _clock.Now);
        var holding = holder == first ? a : b;
        Assert.Equal(RelayStep.Failed, await holding.RunOnceAsync());
        await DrainAsync(holding);

        log = await ReadBackAsync(database, 160 + 32 + 32);
        Assert.Equal(192, log.Select(Id).Distinct().Count());
        AssertCountingInOrder(StocksByKey(log, dedupe: true), items: 16, perItem: 12);
    }

    [SkippableFact]
    public async Task While_the_embedded_log_cannot_be_reached_checkouts_go_on_and_every_event_lands_once_when_it_is_back()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 10);
        var shoppers = await ShopData.ShoppersAsync(database, 6);
        foreach (var shopper in shoppers) Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 1));
        var severed = new SeveredContexts(database) { Down = true };
        var log = await EmbeddedLogs.OpenAsync(database, contexts: severed);
        var relay = NewRelay(database, log, _clock, "relay-a");

        var results = await Task.WhenAll(shoppers.Select(s => Task.Run(() => ShopData.Checkout(database).CheckoutAsync(s, ShopData.Request()))));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());
        Assert.Equal(12, await UnpublishedAsync(database));

        severed.Down = false;
        await DrainAsync(relay);

        var stored = await ReadBackAsync(database, 12);
        Assert.Equal(12, stored.Select(Id).Distinct().Count());
        Assert.Equal(results.Select(r => r.OrderId!.Value).Order(),
            stored.Where(r => r.Headers[CloudEventHeaders.Type] == EventCatalog.TypeOf<OrderPlaced>())
                .Select(r => JsonSerializer.Deserialize<OrderPlaced>(r.Value.Span, EventCatalog.Json)!.OrderId).Order());
        Assert.Equal(Enumerable.Range(4, 6).Reverse(), StocksByKey(stored)[$"item-{item.Id}"]);
    }

    /// <summary>Reads the catalog and orders topics from the start, as a groupless consumer, until <paramref name="count"/> records came.</summary>
    private static async Task<List<LogRecord>> ReadBackAsync(TestDatabase database, int count)
    {
        var topics = new EventsOptions();
        await using var consumer = (await EmbeddedLogs.OpenAsync(database)).Subscribe(
            new ConsumerSettings(null, [topics.TopicOf(EventFamilies.Catalog), topics.TopicOf(EventFamilies.Orders)], StartingPosition.Earliest));
        var records = new List<LogRecord>();
        for (var polls = 0; records.Count < count && polls < 200; polls++)
            records.AddRange(await consumer.PollAsync(500, TimeSpan.FromMilliseconds(200)));
        // Order per key is what the log promises: sort by partition and offset, as each partition is read.
        return records.OrderBy(r => r.Topic).ThenBy(r => r.Partition).ThenBy(r => r.Offset).ToList();
    }

    private static string Id(LogRecord record) => record.Headers[CloudEventHeaders.Id];

    private static Dictionary<string, List<int>> StocksByKey(List<LogRecord> records, bool dedupe = false)
    {
        var seen = new HashSet<string>();
        return records.Where(r => r.Headers[CloudEventHeaders.Type] == EventCatalog.TypeOf<StockChanged>())
            .Where(r => !dedupe || seen.Add(Id(r)))
            .GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => g.Select(r => JsonSerializer.Deserialize<StockChanged>(r.Value.Span, EventCatalog.Json)!.Stock).ToList());
    }
}
