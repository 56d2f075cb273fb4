using System.Text;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;
using static Portal.Tests.Engine.Messaging.Live.LiveTesting;

namespace Portal.Tests.Engine.Messaging.Live;

/// <summary>The activity view's engine: reading the recent stream back from the log, and its filter.</summary>
public sealed class ActivityTests
{
    private static ActivityEntry Entry(IIntegrationEvent e) =>
        ActivityEntry.From(new LiveEvent(EventEnvelope.For(e, Guid.NewGuid(), DateTime.UtcNow), e));

    [Fact]
    public async Task Reads_back_the_newest_records_of_each_partition_newest_first_keeping_unknown_ones()
    {
        var log = new MemoryEventLog();
        var start = DateTime.UtcNow.AddMinutes(-10);
        // One key: one partition, so only its newest three come back.
        await log.PublishAsync(Enumerable.Range(1, 6).Select(i => Message(new OrderCompleted(1, 7, "user-7", start), start.AddSeconds(i))).ToList());
        var unknown = Message(new OrderCompleted(1, 7, "user-7", start), start.AddSeconds(7));
        await log.PublishAsync([unknown with { Headers = new Dictionary<string, string>(unknown.Headers) { [CloudEventHeaders.Type] = "portal.orders.refunded.v1" } }]);
        await log.PublishAsync([new LogMessage("some.other.topic", "x", Encoding.UTF8.GetBytes("x"), new Dictionary<string, string>())]);

        var recent = await new RecentEvents(log, Options.Create(new EventsOptions()), Options.Create(FastOptions(recentPerPartition: 3))).ReadAsync();

        Assert.Equal(3, recent.Count);
        Assert.Equal("portal.orders.refunded.v1", recent[0].Type);
        Assert.Null(recent[0].Event);
        Assert.Contains("Unknown event type", recent[0].Problem);
        Assert.Equal([start.AddSeconds(6), start.AddSeconds(5)], recent.Skip(1).Select(e => e.Time.UtcDateTime));
        Assert.All(recent.Skip(1), e => Assert.IsType<OrderCompleted>(e.Event));
        Assert.All(recent, e => Assert.StartsWith("portal.orders-", e.Position));
    }

    [Fact]
    public async Task Reading_back_an_empty_log_gives_nothing()
    {
        var recent = await new RecentEvents(new MemoryEventLog(), Options.Create(new EventsOptions()), Options.Create(FastOptions())).ReadAsync();
        Assert.Empty(recent);
    }

    [Fact]
    public void The_filter_matches_type_subject_prefix_and_customer_by_name_email_number_or_account()
    {
        var shipped = Entry(new OrderShipped(12, 42, "user-42", "DHL", "JD1", DateTime.UtcNow));
        var stock = Entry(new StockChanged(5, 1, -1, "checkout"));
        var cleo = new ActivityCustomer(42, "user-42", "Cleo Customer", "cleo@example.com");

        Assert.True(new ActivityFilter().Matches(stock, null));
        Assert.True(new ActivityFilter(Type: "portal.orders.shipped.v1").Matches(shipped, cleo));
        Assert.False(new ActivityFilter(Type: "portal.orders.shipped.v1").Matches(stock, null));
        Assert.False(new ActivityFilter(Type: ActivityFilter.Unreadable).Matches(stock, null));
        Assert.True(new ActivityFilter(Subject: "orders/1").Matches(shipped, cleo));
        Assert.True(new ActivityFilter(Subject: " ORDERS/12 ").Matches(shipped, cleo));
        Assert.False(new ActivityFilter(Subject: "catalog/").Matches(shipped, cleo));
        foreach (var text in new[] { "cleo", "EXAMPLE.com", "#42", "42", "user-42" })
            Assert.True(new ActivityFilter(Customer: text).Matches(shipped, cleo), text);
        Assert.False(new ActivityFilter(Customer: "#41").Matches(shipped, cleo));
        Assert.False(new ActivityFilter(Customer: "cleo").Matches(stock, null));
        Assert.Equal((42, "user-42"), (shipped.CustomerId, shipped.UserId));
    }
}
