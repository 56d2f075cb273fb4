using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;
using Portal.Tests.Engine.Messaging.Live;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Live.LiveTesting;

namespace Portal.Tests.Composition;

/// <summary>
/// Two whole app instances over one database, as behind a load balancer, wired as Program.cs wires them (the embedded log,
/// AddLiveEvents, the catalog's live updates): an event written through one instance's log is heard by both, and the other
/// instance's catalog feed (what its grids and shop pages listen to) hears the catalog change.
/// </summary>
public sealed class TwoInstancesLiveTests : IDisposable
{
    private readonly PortalAppFactory _first = new();
    private readonly PortalAppFactory _second;

    public TwoInstancesLiveTests() => _second = new PortalAppFactory(new Dictionary<string, string?> { ["Database:DataDirectory"] = _first.DataDirectory });

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
    }

    [Fact]
    public async Task Both_instances_hear_an_event_one_of_them_wrote_and_the_others_catalog_feed_refreshes()
    {
        var feedA = _first.Services.GetRequiredService<LiveEventFeed>();
        var feedB = _second.Services.GetRequiredService<LiveEventFeed>();
        Assert.Same(feedB, _second.Services.GetRequiredService<ILiveEvents>());
        await feedA.Listening.WaitAsync(Patience);
        await feedB.Listening.WaitAsync(Patience);
        var (heardA, heardB) = (new Heard(), new Heard());
        using var a = feedA.Subscribe(heardA.Listen);
        using var b = feedB.Subscribe(heardB.Listen);
        var refreshedB = new System.Collections.Concurrent.ConcurrentQueue<CatalogChanged>();
        _second.Services.GetRequiredService<CatalogChangeFeed>().Changed += refreshedB.Enqueue;

        await _first.Services.GetRequiredService<IEventLog>().PublishAsync(
            new OrderShipped(3, 1, null, "DHL", "JD0003", DateTime.UtcNow), new CatalogItemChanged(5, CatalogChange.Updated, "sam@portal.local"));

        await UntilAsync("both instances hear both events", () => heardA.Events.Count >= 2 && heardB.Events.Count >= 2);
        Assert.Equal([3], heardB.Of<OrderShipped>().Select(e => e.OrderId));
        await UntilAsync("the second instance's catalog feed hears the change", () => !refreshedB.IsEmpty);
        Assert.Equal(("sam@portal.local", 5), (refreshedB.First().ChangedBy, Assert.Single(refreshedB.First().ItemIds)));
    }
}
