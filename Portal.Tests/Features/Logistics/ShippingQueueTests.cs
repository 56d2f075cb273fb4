using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Portal.Engine.Catalog;
using Portal.Engine.Identity;
using Portal.Engine.Ordering;
using Portal.Features.Logistics;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Logistics;

/// <summary>The shipping desk: the queue with weights, selection totals, the ship dialog and per-order results.</summary>
public sealed class ShippingQueueTests() : CommerceTestContext(Roles.Logistics, "logistics@portal.local")
{
    private CatalogItem? _light, _medium, _heavy;

    /// <summary>Three paid orders weighing 500 g, 1.2 kg and 2.5 kg from three customers, oldest first.</summary>
    private async Task<int[]> ThreePaidOrdersAsync()
    {
        _light = await ItemAsync("Postcard", grams: 500, stock: 50);
        _medium = await ItemAsync("Frame", grams: 1200, stock: 50);
        _heavy = await ItemAsync("Mirror", grams: 2500, stock: 50);
        var ids = new List<int>();
        foreach (var (name, city, item) in new[] { ("Ann Alpha", "Berlin", _light), ("Bob Beta", "Hamburg", _medium), ("Cy Gamma", "Munich", _heavy) })
        {
            var shopper = await ShopperAsync($"shopper-{ids.Count}", name, city);
            ids.Add(await PaidOrderAsync(shopper, item));
        }
        return ids.ToArray();
    }

    private IRenderedComponent<PageHost> RenderQueue(params int[] expected)
    {
        var page = RenderPage<LogisticsHome>();
        foreach (var id in expected) page.WaitForElement($"[data-testid=queue-order-{id}]", Patience);
        return page;
    }

    private static string StatValue(IRenderedComponent<PageHost> page, string testId) =>
        page.Find($"[data-testid={testId}] .mud-typography-h5").TextContent.Trim();

    private static void Select(IRenderedComponent<PageHost> page, int orderId) =>
        page.Find($"[data-testid=select-{orderId}]").Change(true);

    private static IElement ShipButton(IRenderedComponent<PageHost> page) => page.Find("button[data-testid=mark-shipped]");

    private static IRenderedComponent<PageHost> OpenShipDialog(IRenderedComponent<PageHost> page)
    {
        ShipButton(page).Click();
        page.WaitForElement("[data-testid=ship-dialog]", Patience);
        return page;
    }

    [Fact]
    public async Task Queue_shows_the_shipping_method_the_customer_paid_for_and_a_dash_for_orders_from_before_methods()
    {
        var item = await ItemAsync("Frame", grams: 1200, stock: 50);
        var shopper = await ShopperAsync("shopper-express", "Eve Express");
        await Cart.AddAsync(shopper, item.Id, 1);
        var express = (await Checkout.CheckoutAsync(shopper, ShopData.Request("Express"))).OrderId!.Value;
        var old = await PaidOrderAsync(await ShopperAsync("shopper-old", "Olga Old"), item);
        await using (var db = Database.NewContext())
            await db.Orders.Where(o => o.Id == old).ExecuteUpdateAsync(s => s.SetProperty(o => o.ShippingMethod, (string?)null));

        var page = RenderQueue(express, old);

        Assert.Equal("Express · next working day", Text(page, $"shipping-method-{express}"));
        Assert.Equal("—", Text(page, $"shipping-method-{old}"));
    }

    [Fact]
    public async Task Queue_shows_each_orders_weight_and_the_weight_of_the_filter_and_of_the_selection()
    {
        var (a, b, c) = await ThreePaidOrdersAsync() switch { var ids => (ids[0], ids[1], ids[2]) };
        // A shipped order is not in the default (Paid) queue and not in its totals.
        var shipped = await PaidOrderAsync(await ShopperAsync("shopper-x", "Xena"), _heavy!);
        Assert.True((await Logistics.ShipAsync(shipped, "DHL", "JD1", "lou")).Succeeded);

        var page = RenderQueue(a, b, c);

        Assert.Equal("Logistics", Text(page, "landing-title"));
        Assert.Equal(("500 g", "1.2 kg", "2.5 kg"), (Text(page, $"weight-{a}"), Text(page, $"weight-{b}"), Text(page, $"weight-{c}")));
        Assert.Empty(page.FindAll($"[data-testid=queue-order-{shipped}]"));
        Assert.Equal(("3", "4.2 kg"), (Text(page, "filter-count"), Text(page, "filter-weight")));
        Assert.Contains("Matching the filter: 3 orders, 4.2 kg", System.Text.RegularExpressions.Regex.Replace(Text(page, "queue-summary"), @"\s+", " "));
        Assert.Equal(("0", "0 g"), (Text(page, "selection-count"), Text(page, "selection-weight")));
        Assert.Equal("3", StatValue(page, "stat-to-ship"));
        Assert.Equal("4.2 kg", StatValue(page, "stat-weight-to-ship"));

        Select(page, a);
        Select(page, c);
        page.WaitForAssertion(() => Assert.Equal(("2", "3.0 kg"), (Text(page, "selection-count"), Text(page, "selection-weight"))), Patience);
        Assert.Equal("Mark shipped (2)", ShipButton(page).TextContent.Trim());
        Assert.True(page.Find("button[data-testid=mark-completed]").HasAttribute("disabled"));

        page.Find($"[data-testid=select-{a}]").Change(false);
        page.WaitForAssertion(() => Assert.Equal(("1", "2.5 kg"), (Text(page, "selection-count"), Text(page, "selection-weight"))), Patience);

        page.Find("[data-testid=select-page]").Change(true);
        page.WaitForAssertion(() => Assert.Equal(("3", "4.2 kg"), (Text(page, "selection-count"), Text(page, "selection-weight"))), Patience);
    }

    [Fact]
    public async Task Search_by_city_narrows_the_queue_and_its_total_weight()
    {
        var ids = await ThreePaidOrdersAsync();
        var page = RenderQueue(ids);

        page.Find("input[data-testid=queue-search]").Input("hamb");

        page.WaitForAssertion(() => Assert.Equal(("1", "1.2 kg"), (Text(page, "filter-count"), Text(page, "filter-weight"))), Patience);
        Assert.Single(page.FindAll("[data-testid^=queue-order-]"));
        Assert.NotEmpty(page.FindAll($"[data-testid=queue-order-{ids[1]}]"));
    }

    [Fact]
    public async Task An_empty_queue_says_there_is_nothing_to_ship()
    {
        var page = RenderPage<LogisticsHome>();

        page.WaitForAssertion(() => Assert.Contains("Nothing to ship", Text(page, "queue-empty")), Patience);
        Assert.True(ShipButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task Ship_dialog_shows_what_is_missing_or_wrong_at_each_field_and_ships_nothing()
    {
        var ids = await ThreePaidOrdersAsync();
        var page = RenderQueue(ids);
        Select(page, ids[0]);
        Select(page, ids[1]);
        OpenShipDialog(page);

        page.Find("button[data-testid=ship-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal("Carrier is required.", FieldError(page, $"ship-carrier-{ids[0]}")), Patience);
        Assert.Equal("Tracking number is required.", FieldError(page, $"ship-tracking-{ids[0]}"));
        Assert.Equal("Carrier is required.", FieldError(page, $"ship-carrier-{ids[1]}"));
        Assert.NotEmpty(page.FindAll("[data-testid=ship-invalid]"));

        page.Find($"input[data-testid=ship-carrier-{ids[0]}]").Input("DHL");
        page.Find($"input[data-testid=ship-tracking-{ids[0]}]").Input("no/slashes?");
        page.Find($"input[data-testid=ship-carrier-{ids[1]}]").Input(new string('x', 41));
        page.Find($"input[data-testid=ship-tracking-{ids[1]}]").Input("JD0002");

        page.WaitForAssertion(() => Assert.Equal("", FieldError(page, $"ship-carrier-{ids[0]}")), Patience);
        Assert.Equal("Tracking number is up to 64 letters, digits, dashes or spaces.", FieldError(page, $"ship-tracking-{ids[0]}"));
        Assert.Equal("Carrier is at most 40 characters.", FieldError(page, $"ship-carrier-{ids[1]}"));
        Assert.Equal("", FieldError(page, $"ship-tracking-{ids[1]}"));

        page.Find("button[data-testid=ship-submit]").Click();
        Assert.NotEmpty(page.FindAll("[data-testid=ship-dialog]"));
        Assert.All(ids, id => Assert.Equal(OrderStatus.Paid, StoredOrderAsync(id).Result.Status));
    }

    [Fact]
    public async Task Shipping_the_selection_marks_each_order_shipped_and_reports_it()
    {
        var ids = await ThreePaidOrdersAsync();
        var page = RenderQueue(ids);
        Select(page, ids[0]);
        Select(page, ids[2]);
        OpenShipDialog(page);

        page.Find("input[data-testid=ship-carrier-all]").Input("DHL");
        page.Find($"input[data-testid=ship-tracking-{ids[0]}]").Input("JD0001");
        page.Find($"input[data-testid=ship-tracking-{ids[2]}]").Input(" JD 0003 ");
        page.Find("button[data-testid=ship-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("2 of 2 done", Text(page, "batch-summary")), Patience);
        Assert.Equal("true", page.Find($"[data-testid=result-{ids[0]}]").GetAttribute("data-ok"));
        Assert.Contains($"Order {ids[2]} shipped with DHL, tracking number JD 0003.", Text(page, $"result-{ids[2]}"));
        var first = await StoredOrderAsync(ids[0]);
        Assert.Equal((OrderStatus.Shipped, "DHL", "JD0001"), (first.Status, first.Carrier, first.TrackingNumber));
        Assert.Equal("JD 0003", (await StoredOrderAsync(ids[2])).TrackingNumber);
        Assert.Equal(OrderStatus.Paid, (await StoredOrderAsync(ids[1])).Status);
        // The queue, its totals and the stats follow.
        page.WaitForAssertion(() => Assert.Equal(("1", "1.2 kg"), (Text(page, "filter-count"), Text(page, "filter-weight"))), Patience);
        Assert.Equal(("0", "0 g"), (Text(page, "selection-count"), Text(page, "selection-weight")));
        page.WaitForAssertion(() => Assert.Equal(("1", "1.2 kg", "2"),
            (StatValue(page, "stat-to-ship"), StatValue(page, "stat-weight-to-ship"), StatValue(page, "stat-in-transit"))), Patience);
        Assert.Empty(page.FindAll("[data-testid=ship-dialog]"));
    }

    [Fact]
    public async Task Shipping_an_order_cancelled_meanwhile_shows_the_refusal_and_ships_the_rest()
    {
        var ids = await ThreePaidOrdersAsync();
        var page = RenderQueue(ids);
        Select(page, ids[0]);
        Select(page, ids[1]);
        OpenShipDialog(page);
        // While the clerk types, the customer's order is cancelled.
        await SetOrderStatusAsync(ids[0], OrderStatus.Cancelled);

        page.Find("input[data-testid=ship-carrier-all]").Input("UPS");
        page.Find($"input[data-testid=ship-tracking-{ids[0]}]").Input("1Z0001");
        page.Find($"input[data-testid=ship-tracking-{ids[1]}]").Input("1Z0002");
        page.Find("button[data-testid=ship-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("1 of 2 done, 1 refused", Text(page, "batch-summary")), Patience);
        Assert.Equal("false", page.Find($"[data-testid=result-{ids[0]}]").GetAttribute("data-ok"));
        Assert.Equal($"Order {ids[0]} is cancelled and cannot be shipped.", Text(page, $"result-{ids[0]}"));
        Assert.Equal("true", page.Find($"[data-testid=result-{ids[1]}]").GetAttribute("data-ok"));
        Assert.Equal(OrderStatus.Cancelled, (await StoredOrderAsync(ids[0])).Status);
        Assert.Null((await StoredOrderAsync(ids[0])).TrackingNumber);
        Assert.Equal(OrderStatus.Shipped, (await StoredOrderAsync(ids[1])).Status);
    }

    [Fact]
    public async Task Orders_already_shipped_elsewhere_are_refused_with_the_state_machines_reason()
    {
        var ids = await ThreePaidOrdersAsync();
        var page = RenderQueue(ids);
        Select(page, ids[2]);
        OpenShipDialog(page);
        // Another clerk (or an API client) ships it first.
        Assert.True((await Logistics.ShipAsync(ids[2], "GLS", "G1", "other")).Succeeded);

        page.Find($"input[data-testid=ship-carrier-{ids[2]}]").Input("DHL");
        page.Find($"input[data-testid=ship-tracking-{ids[2]}]").Input("JD9");
        page.Find("button[data-testid=ship-submit]").Click();

        page.WaitForAssertion(() => Assert.Equal($"Order {ids[2]} is already shipped; only paid orders can be shipped.", Text(page, $"result-{ids[2]}")), Patience);
        Assert.Equal("G1", (await StoredOrderAsync(ids[2])).TrackingNumber);
    }

    [Fact]
    public async Task Shipping_the_whole_last_page_shows_the_page_that_is_now_last()
    {
        var item = await ItemAsync("Postcard", grams: 100, stock: 99);
        var shopper = await ShopperAsync("shopper-paging", "Pat Paging");
        var ids = new List<int>();
        for (var i = 0; i < 26; i++) ids.Add(await PaidOrderAsync(shopper, item)); // 25 a page: the second page holds one
        var page = RenderQueue(ids[0]);
        var pager = page.FindComponent<MudPagination>();
        await page.InvokeAsync(() => pager.Instance.SelectedChanged.InvokeAsync(2));
        page.WaitForElement($"[data-testid=queue-order-{ids[25]}]", Patience);

        page.Find("[data-testid=select-page]").Change(true);
        OpenShipDialog(page);
        page.Find("input[data-testid=ship-carrier-all]").Input("DHL");
        page.Find($"input[data-testid=ship-tracking-{ids[25]}]").Input("JD0026");
        page.Find("button[data-testid=ship-submit]").Click();

        page.WaitForAssertion(() => Assert.Contains("1 of 1 done", Text(page, "batch-summary")), Patience);
        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("[data-testid^=queue-order-]").Count), Patience);
        Assert.All(ids[..25], id => Assert.NotEmpty(page.FindAll($"[data-testid=queue-order-{id}]")));
        Assert.Equal("25", Text(page, "filter-count"));
        Assert.Empty(page.FindAll("[data-testid=queue-empty]"));
        Assert.Empty(page.FindAll("[data-testid=queue-pages]"));
    }

    [Fact]
    public async Task Cancelling_the_dialog_changes_nothing()
    {
        var ids = await ThreePaidOrdersAsync();
        var page = RenderQueue(ids);
        Select(page, ids[0]);
        OpenShipDialog(page);

        page.Find("button[data-testid=ship-cancel]").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=ship-dialog]")), Patience);
        Assert.Empty(page.FindAll("[data-testid=batch-results]"));
        Assert.Equal("1", Text(page, "selection-count"));
        Assert.Equal(OrderStatus.Paid, (await StoredOrderAsync(ids[0])).Status);
    }

    [Fact]
    public async Task Mark_completed_completes_selected_shipped_orders_after_confirmation()
    {
        var ids = await ThreePaidOrdersAsync();
        Assert.True((await Logistics.ShipAsync(ids[0], "DHL", "JD1", "lou")).Succeeded);
        Assert.True((await Logistics.ShipAsync(ids[1], "DHL", "JD2", "lou")).Succeeded);
        var page = RenderPage<LogisticsHome>();
        page.WaitForElement($"[data-testid=queue-order-{ids[2]}]", Patience);
        // Show shipped orders too.
        var bar = page.FindComponent<QueueFilterBar>();
        await page.InvokeAsync(() => bar.Instance.FilterChanged.InvokeAsync(QueueFilter.Default with { Statuses = [OrderStatus.Paid, OrderStatus.Shipped] }));
        page.WaitForElement($"[data-testid=queue-order-{ids[0]}]", Patience);

        page.Find("[data-testid=select-page]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Mark completed (2)", page.Find("button[data-testid=mark-completed]").TextContent.Trim()), Patience);
        Assert.Equal("Mark shipped (1)", ShipButton(page).TextContent.Trim());
        page.Find("button[data-testid=mark-completed]").Click();
        page.WaitForAssertion(() => Assert.Contains("cannot be undone", page.Find(".mud-dialog").TextContent), Patience);
        page.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Mark completed").Click();

        page.WaitForAssertion(() => Assert.Contains("2 of 2 done", Text(page, "batch-summary")), Patience);
        Assert.Equal(OrderStatus.Completed, (await StoredOrderAsync(ids[0])).Status);
        Assert.Equal(OrderStatus.Completed, (await StoredOrderAsync(ids[1])).Status);
        Assert.Equal(OrderStatus.Paid, (await StoredOrderAsync(ids[2])).Status);
    }
}
