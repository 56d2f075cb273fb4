using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;
using Portal.Engine.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Storefront;

public sealed class SqliteCommerceTests() : CommerceTests(DatabaseOptions.Sqlite);

public sealed class PostgresCommerceTests() : CommerceTests(DatabaseOptions.Postgres);

/// <summary>Cart, checkout with stock reservation, and the shipping state machine on each provider.</summary>
public abstract class CommerceTests(string provider) : ProviderSuite(provider)
{
    private static LogisticsService Logistics(TestDatabase database) => new(new TestDbContextFactory(database), TimeProvider.System, OrderCaches.Dark());

    private static async Task RepriceAsync(TestDatabase database, int itemId, string name, string currency)
    {
        await using var db = database.NewContext();
        await db.CatalogItems.Where(i => i.Id == itemId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Name, name).SetProperty(i => i.Currency, currency));
    }

    [SkippableFact]
    public async Task Fifty_concurrent_checkouts_for_the_last_ten_units_make_exactly_ten_orders()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 10);
        var shoppers = await ShopData.ShoppersAsync(database, 50);
        foreach (var shopper in shoppers) Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 1));

        var results = await Task.WhenAll(shoppers.Select(shopper => Task.Run(() => ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request()))));

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal("Last units is sold out; remove it from your cart.", r.Error));
        await using var db = database.NewContext();
        Assert.Equal(0, (await db.CatalogItems.SingleAsync(i => i.Id == item.Id)).Stock);
        Assert.Equal(10, await db.OrderLines.CountAsync(l => l.CatalogItemId == item.Id));
        Assert.Equal(40, await db.CartLines.CountAsync(l => l.CatalogItemId == item.Id));
        Assert.Equal(10, await db.OutboxMessages.CountAsync(m => m.Type == "portal.orders.placed.v1"));
    }

    [SkippableFact]
    public async Task Checkout_makes_a_paid_order_with_member_discount_and_weights_and_empties_the_cart()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 5, price: 19.99m, grams: 450);
        var shopper = (await ShopData.ShoppersAsync(database, 1, MembershipTier.Gold)).Single();
        Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 2));

        var cart = await ShopData.Cart(database).GetAsync(shopper);
        Assert.Equal((39.98m, 4.00m, 35.98m, 900), (cart.Subtotal, cart.Discount, cart.Total, cart.WeightGrams));

        var result = await ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request());
        Assert.True(result.Succeeded, result.Error);
        var order = await new OrderHistory(new TestDbContextFactory(database)).FindAsync(shopper, result.OrderId!.Value);
        // Standard shipping for 900 g (one started kilogram): 4.90 + 0.50.
        Assert.Equal((OrderStatus.Paid, 39.98m, 4.00m, "Standard", 5.40m, 41.38m, 900),
            (order!.Status, order.Subtotal, order.Discount, order.ShippingMethod, order.ShippingPrice, order.Total, order.TotalWeightGrams));
        Assert.Equal(900, Assert.Single(order.Lines).LineWeightGrams);
        Assert.Empty((await ShopData.Cart(database).GetAsync(shopper)).Lines);
        Assert.Null(await new OrderHistory(new TestDbContextFactory(database)).FindAsync("someone-else", order.Id));
    }

    [SkippableFact]
    public async Task Cart_refuses_more_than_the_stock_and_unsold_items()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 3);
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        Assert.Equal("Only 3 of Last units left.", await ShopData.Cart(database).AddAsync(shopper, item.Id, 4));
        Assert.Equal("Choose a quantity of at least 1.", await ShopData.Cart(database).AddAsync(shopper, item.Id, 0));
        Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 3));
        Assert.Equal("Only 3 of Last units left.", await ShopData.Cart(database).AddAsync(shopper, item.Id, 1));
        Assert.Equal("This item is not sold.", await ShopData.Cart(database).AddAsync(shopper, 999_999, 1));
        Assert.Equal("Your cart is empty.", (await ShopData.Checkout(database).CheckoutAsync((await ShopData.ShoppersAsync(database, 1)).Single(), ShopData.Request())).Error);
    }

    [SkippableFact]
    public async Task A_cart_holds_one_currency_and_refuses_an_item_priced_in_another()
    {
        var database = await DatabaseAsync();
        var poster = await ShopData.ItemAsync(database, stock: 5, price: 10m);
        var lamp = await ShopData.ItemAsync(database, stock: 5, price: 10m);
        await RepriceAsync(database, lamp.Id, "Desk lamp", "USD");
        var shoppers = await ShopData.ShoppersAsync(database, 2);
        Assert.Null(await ShopData.Cart(database).AddAsync(shoppers[0], poster.Id, 1));

        Assert.Equal("Your cart is in EUR and Desk lamp is priced in USD: check out or empty your cart before adding items in USD.",
            await ShopData.Cart(database).AddAsync(shoppers[0], lamp.Id, 1));

        Assert.Equal([poster.Id], (await ShopData.Cart(database).GetAsync(shoppers[0])).Lines.Select(l => l.CatalogItemId));
        Assert.Null(await ShopData.Cart(database).AddAsync(shoppers[0], poster.Id, 1));
        // An empty cart takes the currency of its first item.
        Assert.Null(await ShopData.Cart(database).AddAsync(shoppers[1], lamp.Id, 2));
        var result = await ShopData.Checkout(database).CheckoutAsync(shoppers[1], ShopData.Request());
        Assert.True(result.Succeeded, result.Error);
        await using var db = database.NewContext();
        var order = await db.Orders.SingleAsync(o => o.Id == result.OrderId);
        // Standard shipping in USD for 1000 g: 5.90 + 0.60.
        Assert.Equal(("USD", 20m, 26.50m), (order.Currency, order.Subtotal, order.Total));
    }

    [SkippableFact]
    public async Task Checkout_refuses_a_cart_whose_items_came_to_be_priced_in_two_currencies_and_writes_nothing()
    {
        var database = await DatabaseAsync();
        var poster = await ShopData.ItemAsync(database, stock: 5, price: 10m);
        var lamp = await ShopData.ItemAsync(database, stock: 5, price: 10m);
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        Assert.Null(await ShopData.Cart(database).AddAsync(shopper, poster.Id, 1));
        Assert.Null(await ShopData.Cart(database).AddAsync(shopper, lamp.Id, 1));
        // Sales reprice the lamp in dollars while it sits in the cart.
        await RepriceAsync(database, lamp.Id, "Desk lamp", "USD");

        var result = await ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request());

        Assert.False(result.Succeeded);
        Assert.Equal("Your cart mixes prices in EUR and USD, and an order is paid in one currency: keep the items in one currency and remove the others to check out.", result.Error);
        await using var db = database.NewContext();
        Assert.Equal([5, 5], await db.CatalogItems.Where(i => i.Id == poster.Id || i.Id == lamp.Id).Select(i => i.Stock).ToListAsync());
        Assert.Equal(0, await db.Orders.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
        Assert.Equal(2, await db.CartLines.CountAsync(l => l.UserId == shopper));
    }

    [SkippableFact]
    public async Task Two_tabs_checking_out_the_same_cart_place_one_order_and_tell_the_other_its_cart_changed()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 5);
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 2));
        var otherTab = new CheckoutInAnotherTab(() => ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request()));
        var thisTab = ShopData.Checkout(new InterceptedDbContextFactory(database, otherTab));

        var result = await thisTab.CheckoutAsync(shopper, ShopData.Request());

        Assert.True(otherTab.OtherTabResult!.Succeeded, otherTab.OtherTabResult.Error);
        Assert.False(result.Succeeded);
        Assert.Equal("Your cart changed while you were checking out; nothing was charged. Please review your cart.", result.Error);
        await using var db = database.NewContext();
        Assert.Equal([otherTab.OtherTabResult.OrderId!.Value], await db.Orders.Select(o => o.Id).ToListAsync());
        Assert.Equal(3, (await db.CatalogItems.SingleAsync(i => i.Id == item.Id)).Stock);
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Type == "portal.orders.placed.v1"));
        Assert.Equal(0, await db.CartLines.CountAsync(l => l.UserId == shopper));
    }

    [SkippableFact]
    public async Task Orders_ship_then_complete_and_never_out_of_order()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 5);
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        await ShopData.Cart(database).AddAsync(shopper, item.Id, 1);
        var orderId = (await ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request())).OrderId!.Value;
        var logistics = Logistics(database);

        Assert.Equal(ShipmentOutcome.InvalidTransition, (await logistics.CompleteAsync(orderId, "lou")).Outcome);
        Assert.Equal(ShipmentOutcome.Invalid, (await logistics.ShipAsync(orderId, "", "", "lou")).Outcome);
        var shipped = await logistics.ShipAsync(orderId, "DHL", "JD0001", "lou");
        Assert.True(shipped.Succeeded);
        Assert.Equal((OrderStatus.Shipped, "DHL", "JD0001"), (shipped.Order!.Status, shipped.Order.Carrier, shipped.Order.TrackingNumber));
        var again = await logistics.ShipAsync(orderId, "UPS", "X1", "lou");
        Assert.Equal(ShipmentOutcome.InvalidTransition, again.Outcome);
        Assert.Contains("already shipped", again.Message);
        Assert.True((await logistics.CompleteAsync(orderId, "lou")).Succeeded);
        Assert.Equal(ShipmentOutcome.NotFound, (await logistics.ShipAsync(987654, "DHL", "1", "lou")).Outcome);

        await using var db = database.NewContext();
        var cancelled = await db.Orders.FirstAsync(o => o.Id == orderId);
        cancelled.Status = OrderStatus.Cancelled;
        await db.SaveChangesAsync();
        Assert.Contains("cancelled", (await logistics.ShipAsync(orderId, "DHL", "1", "lou")).Message);
    }

    [SkippableFact]
    public async Task Two_clerks_shipping_the_same_order_at_once_one_wins()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 5);
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        await ShopData.Cart(database).AddAsync(shopper, item.Id, 1);
        var orderId = (await ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request())).OrderId!.Value;

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(n => Task.Run(() => Logistics(database).ShipAsync(orderId, "DHL", $"T{n}", $"clerk{n}"))));

        Assert.Equal(1, results.Count(r => r.Succeeded));
        Assert.Equal(7, results.Count(r => r.Outcome == ShipmentOutcome.InvalidTransition));
    }

    [SkippableFact]
    public async Task Queue_filters_by_status_and_date_and_sums_weight()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 50, grams: 300);
        var shoppers = await ShopData.ShoppersAsync(database, 3);
        var ids = new List<int>();
        foreach (var shopper in shoppers)
        {
            await ShopData.Cart(database).AddAsync(shopper, item.Id, 2);
            ids.Add((await ShopData.Checkout(database).CheckoutAsync(shopper, ShopData.Request())).OrderId!.Value);
        }
        await Logistics(database).ShipAsync(ids[0], "DHL", "A1", "lou");

        var paid = await Logistics(database).QueryAsync(new LogisticsOrderQuery { Statuses = [OrderStatus.Paid], PlacedFrom = DateTime.UtcNow.AddHours(-1) });
        Assert.Equal(ids[1..], paid.Orders.Select(o => o.Id).Where(ids.Contains));
        Assert.Equal(paid.Orders.Sum(o => (long)o.TotalWeightGrams), paid.TotalWeightGrams);
        Assert.All(paid.Orders, o => Assert.Equal(600, o.TotalWeightGrams));
        var none = await Logistics(database).QueryAsync(new LogisticsOrderQuery { Statuses = [OrderStatus.Paid], PlacedTo = DateTime.UtcNow.AddDays(-400) });
        Assert.Equal(0, none.Total);
    }

    [SkippableFact]
    public async Task A_page_far_past_the_end_is_empty()
    {
        var database = await DatabaseAsync();
        await ShopData.PaidOrderAsync(database);

        var page = await Logistics(database).QueryAsync(new LogisticsOrderQuery { Page = 21_474_837, PageSize = 100 });

        Assert.Equal(1, page.Total);
        Assert.Empty(page.Orders);
    }

    [SkippableFact]
    public async Task A_carrier_with_a_control_character_is_refused_at_the_field_and_nothing_is_written()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);

        var result = await Logistics(database).ShipAsync(orderId, "DHL\0Express", "JD0001", "lou");

        Assert.Equal(ShipmentOutcome.Invalid, result.Outcome);
        Assert.True(result.Errors!.ContainsKey("carrier"));
        Assert.Equal(OrderStatus.Paid, (await Logistics(database).FindAsync(orderId))!.Status);
    }

    [SkippableFact]
    public async Task Queue_search_ignores_the_case_of_non_ascii_letters_in_names_and_cities()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 5);
        var shopper = (await ShopData.ShoppersAsync(database, 1)).Single();
        await using (var db = database.NewContext())
        {
            var customer = await db.Customers.SingleAsync(c => c.UserId == shopper);
            customer.FullName = "Öznur Özdemir";
            customer.ShippingAddress = customer.ShippingAddress with { City = "Überlingen" };
            await db.SaveChangesAsync();
        }
        await ShopData.Cart(database).AddAsync(shopper, item.Id, 1);
        var toUberlingen = ShopData.Request() with { ShippingAddress = ShopData.Berlin with { City = "Überlingen" } };
        var orderId = (await ShopData.Checkout(database).CheckoutAsync(shopper, toUberlingen)).OrderId!.Value;

        foreach (var search in new[] { "Özdemir", "özdemir", "ÖZDEMIR", "nur öz", "überlingen", "ÜBERLINGEN" })
        {
            var found = await Logistics(database).QueryAsync(new LogisticsOrderQuery { Search = search });
            Assert.True(found.Orders.Select(o => o.Id).SequenceEqual([orderId]), $"searching \"{search}\" found {found.Total} orders");
        }
        Assert.Equal(0, (await Logistics(database).QueryAsync(new LogisticsOrderQuery { Search = "özdemirx" })).Total);
    }
}
