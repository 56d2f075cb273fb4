using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log.Embedded;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Live.LiveTesting;

namespace Portal.Tests.Engine.Messaging.Live;

public sealed class SqliteLiveOverEmbeddedLogTests() : LiveOverEmbeddedLogTests(DatabaseOptions.Sqlite);

public sealed class PostgresLiveOverEmbeddedLogTests() : LiveOverEmbeddedLogTests(DatabaseOptions.Postgres);

/// <summary>
/// Two instances over one database, each with its own embedded log and live feed (as two app processes): an event one of
/// them writes is heard by both, and an instance that lost the database for a while hears what the other wrote meanwhile.
/// </summary>
public abstract class LiveOverEmbeddedLogTests(string provider) : ProviderSuite(provider)
{
    private static OrderShipped Shipped(int orderId) => new(orderId, 7, "user-7", "DHL", $"JD{orderId:0000}", DateTime.UtcNow);

    [SkippableFact]
    public async Task Both_instances_hear_an_event_one_of_them_wrote_and_both_catalog_feeds_refresh()
    {
        var database = await DatabaseAsync();
        var logA = await EmbeddedLogs.OpenAsync(database);
        var logB = await EmbeddedLogs.OpenAsync(database);
        using var feedA = await Feed(logA).StartedAsync();
        using var feedB = await Feed(logB).StartedAsync();
        var (heardA, heardB) = (new Heard(), new Heard());
        using var a = feedA.Subscribe(heardA.Listen);
        using var b = feedB.Subscribe(heardB.Listen);
        var (catalogA, catalogB) = (new CatalogChangeFeed(), new CatalogChangeFeed());
        var refreshedB = new System.Collections.Concurrent.ConcurrentQueue<CatalogChanged>();
        catalogB.Changed += refreshedB.Enqueue;
        using var updatesA = new CatalogLiveUpdates(feedA, catalogA);
        using var updatesB = new CatalogLiveUpdates(feedB, catalogB);
        await updatesA.StartAsync(CancellationToken.None);
        await updatesB.StartAsync(CancellationToken.None);

        await logA.PublishAsync(Shipped(1), new CatalogItemChanged(8, CatalogChange.Updated, "ann"));

        await UntilAsync("both instances hear both events", () => heardA.Events.Count >= 2 && heardB.Events.Count >= 2);
        Assert.Equal([1], heardB.Of<OrderShipped>().Select(e => e.OrderId));
        Assert.Equal(heardA.Events.Select(e => e.Envelope.Id).Order(), heardB.Events.Select(e => e.Envelope.Id).Order());
        await UntilAsync("instance B's catalog feed hears the change", () => !refreshedB.IsEmpty);
        Assert.Equal([8], Assert.Single(refreshedB).ItemIds);
        await feedA.StopAsync(CancellationToken.None);
        await feedB.StopAsync(CancellationToken.None);
    }

    [SkippableFact]
    public async Task An_instance_that_lost_the_database_hears_what_was_written_meanwhile_once_it_is_back()
    {
        var database = await DatabaseAsync();
        var severed = new SeveredContexts(database);
        var writer = await EmbeddedLogs.OpenAsync(database);
        var cut = await EmbeddedLogs.OpenAsync(database, contexts: severed);
        using var feed = await Feed(cut).StartedAsync();
        var heard = new Heard();
        using var _ = feed.Subscribe(heard.Listen);
        await writer.PublishAsync(Shipped(1));
        await UntilAsync("the first event heard", () => heard.Events.Count >= 1);

        severed.Down = true;
        await UntilAsync("the feed notices it cannot read", () => !feed.Connected);
        await writer.PublishAsync(Enumerable.Range(2, 12).Select(i => (IIntegrationEvent)Shipped(i)).ToArray());
        severed.Down = false;

        await UntilAsync("every event written meanwhile heard", () => heard.Events.Count >= 13);
        Assert.Equal(Enumerable.Range(1, 13), heard.Of<OrderShipped>().Select(e => e.OrderId).Order());
        await feed.StopAsync(CancellationToken.None);
    }
}
