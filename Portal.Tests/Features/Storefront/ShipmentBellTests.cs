using Bunit;
using Microsoft.EntityFrameworkCore;
using Portal.Components;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Features.Storefront;

namespace Portal.Tests.Features.Storefront;

/// <summary>The shop header's bell: new shipments counted on a badge, listed with links, seen once opened.</summary>
public sealed class ShipmentBellTests() : CommerceTestContext(Roles.Customer, "cleo@example.com")
{
    private async Task ShipAsync(int orderId)
    {
        await using var db = Database.NewContext();
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s.SetProperty(o => o.Status, OrderStatus.Shipped)
            .SetProperty(o => o.ShippedAt, DateTime.UtcNow.AddMinutes(-1)).SetProperty(o => o.Carrier, "DHL").SetProperty(o => o.TrackingNumber, "JD0001"));
    }

    [Fact]
    public async Task New_shipments_show_on_the_badge_and_opening_the_menu_lists_them_and_marks_them_seen()
    {
        await ShopperAsync();
        var poster = await ItemAsync("Poster");
        var shipped = await PaidOrderAsync(UserId, poster);
        await PaidOrderAsync(UserId, poster);
        await ShipAsync(shipped);

        var page = RenderPage<ShopNav>();
        page.WaitForAssertion(() => Assert.Equal("Shipment notices, 1 new", page.Find("[data-testid=shipment-menu] button").GetAttribute("aria-label")), Patience);
        Assert.Contains("1", page.Find("[data-testid=shipment-badge]").TextContent);

        page.Find("[data-testid=shipment-menu] button").Click();

        page.WaitForAssertion(() => Assert.Contains($"Order #{shipped} shipped", Text(page, "shipment-notice")), Patience);
        Assert.Contains("with DHL", Text(page, "shipment-notice"));
        await using (var read = Database.NewContext())
        {
            var shippedAt = (await read.Orders.SingleAsync(o => o.Id == shipped)).ShippedAt!.Value;
            Assert.Contains($"shipped {Formats.Timestamp(shippedAt)} with DHL", Text(page, "shipment-notice"));
        }
        Assert.Equal($"/shop/orders/{shipped}", page.Find("[data-testid=shipment-notice]").GetAttribute("href"));
        page.WaitForAssertion(() => Assert.Equal("Shipment notices, none new", page.Find("[data-testid=shipment-menu] button").GetAttribute("aria-label")), Patience);
        await using var db = Database.NewContext();
        // Seen up to the notice shown, not up to "now": a shipment after the bell loaded stays new.
        Assert.Equal((await db.Orders.SingleAsync(o => o.Id == shipped)).ShippedAt,
            (await db.Customers.SingleAsync(c => c.UserId == UserId)).ShipmentsSeenAt);
    }

    [Fact]
    public async Task Without_new_shipments_the_menu_says_so_and_points_to_my_orders()
    {
        await ShopperAsync();

        var page = RenderPage<ShopNav>();
        page.WaitForAssertion(() => Assert.Equal("Shipment notices, none new", page.Find("[data-testid=shipment-menu] button").GetAttribute("aria-label")), Patience);
        page.Find("[data-testid=shipment-menu] button").Click();

        page.WaitForAssertion(() => Assert.Contains("No new shipments", Text(page, "shipment-none")), Patience);
    }
}
