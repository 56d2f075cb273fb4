using Portal.Components;
using Bunit;
using Portal.Engine.Customers;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Features.Storefront;

namespace Portal.Tests.Features.Storefront;

/// <summary>The shopper's order pages: history, progress with dates, shipment, and nobody else's orders.</summary>
public sealed class OrderPageTests() : CommerceTestContext(Roles.Customer, "customer@portal.local")
{
    [Fact]
    public async Task A_new_order_shows_the_thank_you_paid_status_lines_and_totals()
    {
        await ShopperAsync(tier: MembershipTier.Gold);
        var poster = await ItemAsync("Poster", price: 19.99m, grams: 450);
        var orderId = await PaidOrderAsync(UserId, poster, 2);
        Navigation.NavigateTo($"/shop/orders/{orderId}?placed=true");

        var page = RenderPage<OrderPage>(p => p.Add(o => o.Id, orderId));
        page.WaitForElement("[data-testid=order-timeline]", Patience);

        Assert.Contains($"Order #{orderId} is placed and paid", Text(page, "order-placed"));
        Assert.Equal("Paid", page.Find("[data-testid=order-status]").GetAttribute("data-status"));
        Assert.Equal("true", page.Find("[data-testid=timeline-placed]").GetAttribute("data-done"));
        Assert.Equal("true", page.Find("[data-testid=timeline-paid]").GetAttribute("data-done"));
        Assert.Equal("false", page.Find("[data-testid=timeline-shipped]").GetAttribute("data-done"));
        Assert.Equal("not yet", Text(page, "timeline-shipped-at"));
        Assert.Equal("Poster", Text(page, "order-line"));
        // Standard shipping for 900 g: 4.90 + 0.50.
        Assert.Equal(("39.98 EUR", "−4.00 EUR", "5.40 EUR", "41.38 EUR", "900 g"),
            (Text(page, "summary-subtotal"), Text(page, "summary-discount"), Text(page, "summary-shipping"), Text(page, "summary-total"), Text(page, "summary-weight")));
        // The method in words, not its code, and how the order will ship before it ships.
        Assert.Equal("Shipping (Standard · 3–5 working days)", Text(page, "summary-shipping-label"));
        Assert.Equal("Ships with Standard · 3–5 working days", Text(page, "order-shipping-method"));
        Assert.Empty(page.FindAll("[data-testid=order-shipment]"));
        // The thank-you stays on screen but leaves the address, so a reload shows the order as it is.
        page.WaitForAssertion(() => Assert.EndsWith($"/shop/orders/{orderId}", Navigation.Uri), Patience);
        Assert.NotEmpty(page.FindAll("[data-testid=order-placed]"));
    }

    [Fact]
    public async Task A_shipped_order_shows_carrier_tracking_number_and_when()
    {
        await ShopperAsync();
        var orderId = await PaidOrderAsync(UserId, await ItemAsync("Poster"));
        Assert.True((await Logistics.ShipAsync(orderId, "DHL", "JD0001", "lou")).Succeeded);

        var page = RenderPage<OrderPage>(p => p.Add(o => o.Id, orderId));
        page.WaitForElement("[data-testid=order-timeline]", Patience);

        Assert.Equal("Shipped", page.Find("[data-testid=order-status]").GetAttribute("data-status"));
        Assert.Equal(("DHL", "JD0001"), (Text(page, "order-carrier"), Text(page, "order-tracking")));
        var shippedAt = (await StoredOrderAsync(orderId)).ShippedAt!.Value;
        Assert.Equal(Formats.Timestamp(shippedAt), Text(page, "order-shipped-at"));
        Assert.Equal("true", page.Find("[data-testid=timeline-shipped]").GetAttribute("data-done"));
        Assert.EndsWith("UTC", Text(page, "timeline-shipped-at"));
        Assert.Equal("false", page.Find("[data-testid=timeline-completed]").GetAttribute("data-done"));
        Assert.Empty(page.FindAll("[data-testid=order-placed]"));
        Assert.Empty(page.FindAll("[data-testid=order-shipping-method]"));
    }

    [Fact]
    public async Task Another_customers_order_is_not_found()
    {
        await ShopperAsync();
        var someoneElse = await ShopperAsync("someone-else", "Sam Else");
        var theirs = await PaidOrderAsync(someoneElse, await ItemAsync("Poster"));

        var page = RenderPage<OrderPage>(p => p.Add(o => o.Id, theirs));

        page.WaitForAssertion(() => Assert.Contains($"You have no order #{theirs}", Text(page, "order-not-found")), Patience);
        Assert.DoesNotContain("Poster", page.Markup);
    }

    [Fact]
    public async Task Order_history_lists_only_my_orders_newest_first_with_status_chips()
    {
        await ShopperAsync();
        var someoneElse = await ShopperAsync("someone-else", "Sam Else");
        var poster = await ItemAsync("Poster");
        var first = await PaidOrderAsync(UserId, poster);
        var second = await PaidOrderAsync(UserId, poster);
        await PaidOrderAsync(someoneElse, poster);
        Assert.True((await Logistics.ShipAsync(first, "DHL", "JD0001", "lou")).Succeeded);

        var page = RenderPage<OrdersPage>();
        page.WaitForElement("[data-testid=orders-table]", Patience);

        var rows = page.FindAll("[data-testid=orders-row]").Select(r => int.Parse(r.GetAttribute("data-order")!)).ToArray();
        Assert.Equal([second, first], rows);
        Assert.Equal(["Paid", "Shipped"], page.FindAll("[data-testid=order-status]").Select(c => c.GetAttribute("data-status")));
    }

    [Fact]
    public async Task No_orders_yet_says_so()
    {
        await ShopperAsync();

        var page = RenderPage<OrdersPage>();

        page.WaitForAssertion(() => Assert.Contains("You have not ordered anything yet.", Text(page, "orders-empty")), Patience);
    }
}
