using System.Text;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using static Portal.Tests.Engine.Messaging.Live.LiveTesting;

namespace Portal.Tests.Engine.Messaging.Live;

/// <summary>The per-instance live tail: what it hears, what it skips, and how it comes back after the log was unreachable.</summary>
public sealed class LiveEventFeedTests
{
    private readonly MemoryEventLog _log = new();

    private static OrderShipped Shipped(int orderId) => new(orderId, 7, "user-7", "DHL", $"JD{orderId:0000}", DateTime.UtcNow);

    [Fact]
    public async Task Hears_events_of_every_family_published_after_it_started_and_none_from_before()
    {
        await _log.PublishAsync(Shipped(1));
        using var feed = await Feed(_log).StartedAsync();
        var heard = new Heard();
        using var _ = feed.Subscribe(heard.Listen);

        await _log.PublishAsync(Shipped(2), new StockChanged(5, 3, -1, "checkout"), new ImageDeleted(Guid.NewGuid(), "user-7"),
            new SearchMade("visitor-1", null, "poster", 4));

        await UntilAsync("four events heard", () => heard.Events.Count >= 4);
        Assert.Equal([2], heard.Of<OrderShipped>().Select(e => e.OrderId));
        Assert.Single(heard.Of<StockChanged>());
        Assert.Single(heard.Of<ImageDeleted>());
        Assert.Single(heard.Of<SearchMade>());
        var shipped = heard.Events.Single(e => e.Event is OrderShipped);
        Assert.Equal(("portal.orders.shipped.v1", "orders/2", "order-2"), (shipped.Envelope.Type, shipped.Envelope.Subject, shipped.Envelope.Key));
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Unknown_types_and_records_that_are_no_cloud_event_are_skipped_and_counted_and_the_feed_goes_on()
    {
        using var feed = await Feed(_log).StartedAsync();
        var heard = new Heard();
        using var _ = feed.Subscribe(heard.Listen);
        var future = Message(Shipped(3));
        var headers = new Dictionary<string, string>(future.Headers) { [CloudEventHeaders.Type] = "portal.orders.shipped.v9" };
        var topic = Events.TopicOf(EventFamilies.Orders);

        await _log.PublishAsync([
            future with { Headers = headers },
            new LogMessage(topic, "order-3", Encoding.UTF8.GetBytes("not a cloud event"), new Dictionary<string, string>()),
            Message(Shipped(4)),
        ]);

        await UntilAsync("the readable event heard", () => heard.Events.Count >= 1);
        Assert.Equal([4], heard.Of<OrderShipped>().Select(e => e.OrderId));
        Assert.Equal(2, feed.Unreadable);
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_listener_that_throws_does_not_keep_the_others_from_hearing_nor_stop_the_feed()
    {
        using var feed = await Feed(_log).StartedAsync();
        var heard = new Heard();
        using var broken = feed.Subscribe(_ => throw new InvalidOperationException("listener bug"));
        using var _ = feed.Subscribe(heard.Listen);

        await _log.PublishAsync(Shipped(5));
        await UntilAsync("the first event heard", () => heard.Events.Count >= 1);
        await _log.PublishAsync(Shipped(6));
        await UntilAsync("the second event heard", () => heard.Events.Count >= 2);

        Assert.Equal([5, 6], heard.Of<OrderShipped>().Select(e => e.OrderId));
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task After_the_log_was_unreachable_it_resumes_where_it_stopped_so_events_written_meanwhile_are_heard()
    {
        using var feed = await Feed(_log).StartedAsync();
        var heard = new Heard();
        using var _ = feed.Subscribe(heard.Listen);
        await _log.PublishAsync(Shipped(10));
        await UntilAsync("the event before the outage heard", () => heard.Events.Count >= 1);

        _log.Reachable = false;
        await UntilAsync("the feed notices the outage", () => !feed.Connected);
        _log.Append([Message(Shipped(11)), Message(Shipped(12))]); // written by instances that still reach the log
        _log.Reachable = true;

        await UntilAsync("the events written during the outage heard", () => heard.Events.Count >= 3);
        Assert.Equal([10, 11, 12], heard.Of<OrderShipped>().Select(e => e.OrderId).Order());
        Assert.True(feed.Connected);
        await feed.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Batch_listeners_get_a_poll_at_a_time_and_a_disposed_subscription_hears_nothing_more()
    {
        using var feed = await Feed(_log).StartedAsync();
        var batches = new Heard();
        var single = new Heard();
        using var batchSubscription = feed.SubscribeBatches(batches.ListenBatches);
        var singleSubscription = feed.Subscribe(single.Listen);

        await _log.PublishAsync(Shipped(20), Shipped(21), Shipped(22));
        await UntilAsync("three events heard", () => batches.Events.Count >= 3 && single.Events.Count >= 3);
        Assert.Equal(3, Assert.Single(batches.Batches).Count);

        singleSubscription.Dispose();
        await _log.PublishAsync(Shipped(23));
        await UntilAsync("the batch listener hears the fourth", () => batches.Events.Count >= 4);
        Assert.Equal(3, single.Events.Count);
        await feed.StopAsync(CancellationToken.None);
    }
}
