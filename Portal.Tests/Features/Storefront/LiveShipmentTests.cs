using Bunit;
using Portal.Engine.Identity;
using Portal.Features.Storefront;

namespace Portal.Tests.Features.Storefront;

/// <summary>
/// "Shipped" shows without a reload: the shipping desk (any instance) writes OrderShipped to the outbox, the relay puts it in
/// the event log, and this instance's live feed tells the open order page and the shop header's bell.
/// </summary>
public sealed class LiveShipmentTests() : CommerceTestContext(Roles.Customer, "cleo@example.com")
{
    [Fact]
    public async Task The_open_order_page_shows_shipped_with_carrier_and_tracking_as_soon_as_the_event_arrives()
    {
        await ShopperAsync();
        var orderId = await PaidOrderAsync(UserId, await ItemAsync("Poster"));
        await StartLiveAsync();
        var page = RenderPage<OrderPage>(p => p.Add(o => o.Id, orderId));
        page.WaitForAssertion(() => Assert.Equal("Paid", page.Find("[data-testid=order-status]").GetAttribute("data-status")), Patience);

        Assert.True((await Logistics.ShipAsync(orderId, "DHL", "JD0042", "lou")).Succeeded);
        await PublishOutboxAsync();

        page.WaitForAssertion(() => Assert.Equal("Shipped", page.Find("[data-testid=order-status]").GetAttribute("data-status")), Patience);
        Assert.Equal(("DHL", "JD0042"), (Text(page, "order-carrier"), Text(page, "order-tracking")));
        Assert.Equal("true", page.Find("[data-testid=timeline-shipped]").GetAttribute("data-done"));
    }

    [Fact]
    public async Task The_bell_counts_a_shipment_of_mine_live_and_not_another_shoppers()
    {
        await ShopperAsync();
        var other = await ShopperAsync($"other-{Guid.NewGuid():N}", fullName: "Otto Other");
        var poster = await ItemAsync("Poster");
        var mine = await PaidOrderAsync(UserId, poster);
        var theirs = await PaidOrderAsync(other, poster);
        await StartLiveAsync();
        var page = RenderPage<ShopNav>();
        page.WaitForAssertion(() => Assert.Equal("Shipment notices, none new", page.Find("[data-testid=shipment-menu] button").GetAttribute("aria-label")), Patience);

        Assert.True((await Logistics.ShipAsync(theirs, "UPS", "1Z1", "lou")).Succeeded);
        Assert.True((await Logistics.ShipAsync(mine, "DHL", "JD0043", "lou")).Succeeded);
        await PublishOutboxAsync();

        page.WaitForAssertion(() => Assert.Equal("Shipment notices, 1 new", page.Find("[data-testid=shipment-menu] button").GetAttribute("aria-label")), Patience);
        page.Find("[data-testid=shipment-menu] button").Click();
        page.WaitForAssertion(() => Assert.Contains($"Order #{mine} shipped", Text(page, "shipment-notice")), Patience);
        Assert.Contains("with DHL", Text(page, "shipment-notice"));
    }
}
