using Portal.Engine.Catalog;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using static Portal.Tests.Engine.Messaging.Live.LiveTesting;

namespace Portal.Tests.Engine.Messaging.Live;

/// <summary>Catalog events from the log become the catalog feed's changes that grids and shop pages refresh on.</summary>
public sealed class CatalogLiveUpdatesTests
{
    private static string Describe(CatalogChanged change) => $"{change.ChangedBy}: {string.Join(", ", change.ItemIds)}";

    private static LiveEvent Live(IIntegrationEvent e) => new(EventEnvelope.For(e, Guid.NewGuid(), DateTime.UtcNow), e);

    [Fact]
    public void A_polls_events_become_one_change_per_author_and_an_edits_stock_event_counts_as_the_editors()
    {
        var changes = CatalogLiveUpdates.ChangesOf([
            Live(new StockChanged(1, 4, 2, "edit")),
            Live(new CatalogItemChanged(1, CatalogChange.Updated, "ann")),
            Live(new CatalogItemChanged(2, CatalogChange.Updated, "bob")),
            Live(new CatalogItemChanged(3, CatalogChange.Deleted, "bob")),
            Live(new StockChanged(4, 0, -1, "checkout")),
            Live(new OrderCompleted(9, 1, null, DateTime.UtcNow)),
            Live(new CatalogItemChanged(5, CatalogChange.Created, "bob")),
            Live(new StockChanged(5, 10, 10, "edit")),
        ]);

        Assert.Equal(3, changes.Count);
        Assert.Equal("ann: 1", Describe(changes[0]));
        Assert.Equal("bob: 2, 3, 5", Describe(changes[1]));
        Assert.Equal("checkout: 4", Describe(changes[2]));
        Assert.Empty(CatalogLiveUpdates.ChangesOf([Live(new OrderCompleted(9, 1, null, DateTime.UtcNow))]));
    }

    [Fact]
    public async Task A_catalog_event_in_the_log_reaches_the_instances_catalog_feed()
    {
        var log = new MemoryEventLog();
        using var feed = await Feed(log).StartedAsync();
        var catalogFeed = new CatalogChangeFeed();
        var changes = new System.Collections.Concurrent.ConcurrentQueue<CatalogChanged>();
        catalogFeed.Changed += changes.Enqueue;
        using var updates = new CatalogLiveUpdates(feed, catalogFeed);
        await updates.StartAsync(CancellationToken.None);

        await log.PublishAsync(new CatalogItemChanged(12, CatalogChange.Updated, "ann"), new StockChanged(12, 3, -2, "edit"));

        await UntilAsync("the catalog feed hears the change", () => !changes.IsEmpty);
        var change = Assert.Single(changes);
        Assert.Equal("ann: 12", Describe(change));
        await updates.StopAsync(CancellationToken.None);
        await feed.StopAsync(CancellationToken.None);
    }
}
