using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Logging;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Ordering;
using Portal.Engine.Payments;
using Portal.Engine.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Storefront;

public sealed class SqliteCheckoutTests() : CheckoutTests(DatabaseOptions.Sqlite);

public sealed class PostgresCheckoutTests() : CheckoutTests(DatabaseOptions.Postgres);

/// <summary>Checkout's address, shipping and payment on each provider: every refusal leaves stock, cart and orders as they were.</summary>
public abstract class CheckoutTests(string provider) : ProviderSuite(provider)
{
    private async Task<(TestDatabase Database, int ItemId, string Shopper)> CartWithTwoAsync(MembershipTier tier = MembershipTier.Basic)
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 5, price: 12.50m, grams: 600);
        var shopper = (await ShopData.ShoppersAsync(database, 1, tier)).Single();
        Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 2));
        return (database, item.Id, shopper);
    }

    private static async Task AssertNothingChangedAsync(TestDatabase database, int itemId, string shopper)
    {
        await using var db = database.NewContext();
        Assert.Equal(5, (await db.CatalogItems.SingleAsync(i => i.Id == itemId)).Stock);
        Assert.Equal(2, (await db.CartLines.SingleAsync(l => l.UserId == shopper)).Quantity);
        Assert.Equal(0, await db.Orders.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [SkippableFact]
    public async Task A_declined_card_leaves_stock_cart_and_orders_as_they_were_and_a_good_card_then_pays()
    {
        var (database, itemId, shopper) = await CartWithTwoAsync();
        var payments = new TestPaymentProvider();

        var declined = await ShopData.Checkout(database, payments).CheckoutAsync(shopper, ShopData.Request(card: TestPaymentProvider.DeclinedCard));

        Assert.False(declined.Succeeded);
        Assert.Equal((CheckoutStep.Payment, "Your card was declined. Try another card."), (declined.FailedAt, declined.Error));
        Assert.Empty(payments.Charges);
        await AssertNothingChangedAsync(database, itemId, shopper);

        var paid = await ShopData.Checkout(database, payments).CheckoutAsync(shopper, ShopData.Request("Express"));
        Assert.True(paid.Succeeded, paid.Error);
        await using var db = database.NewContext();
        var order = await db.Orders.SingleAsync();
        // Express for 1200 g (two started kilograms): 12.90 + 2 x 1.00.
        Assert.Equal(("Express", 14.90m, 25.00m, 39.90m, Assert.Single(payments.Charges)),
            (order.ShippingMethod, order.ShippingPrice, order.Subtotal, order.Total, order.PaymentReference));
        Assert.Equal(3, (await db.CatalogItems.SingleAsync(i => i.Id == itemId)).Stock);
    }

    [SkippableFact]
    public async Task An_approved_payment_whose_order_cannot_be_committed_is_refunded_and_nothing_is_kept()
    {
        var (database, itemId, shopper) = await CartWithTwoAsync();
        var payments = new TestPaymentProvider();
        var checkout = ShopData.Checkout(new InterceptedDbContextFactory(database, new FailingCommit()), payments);

        await Assert.ThrowsAsync<DbUpdateException>(() => checkout.CheckoutAsync(shopper, ShopData.Request()));

        Assert.Equal(payments.Charges, payments.Refunds);
        Assert.Single(payments.Refunds);
        await AssertNothingChangedAsync(database, itemId, shopper);
    }

    [SkippableFact]
    public async Task A_refund_that_fails_after_a_failed_commit_logs_the_payment_reference_and_the_original_failure_is_thrown()
    {
        var (database, itemId, shopper) = await CartWithTwoAsync();
        var payments = new RefundRefusingProvider();
        var logger = new RecordingLogger();
        var checkout = ShopData.Checkout(new InterceptedDbContextFactory(database, new FailingCommit()), payments, logger);

        var thrown = await Assert.ThrowsAsync<DbUpdateException>(() => checkout.CheckoutAsync(shopper, ShopData.Request()));

        Assert.Equal("The connection dropped while committing.", thrown.Message);
        var charged = Assert.Single(payments.Charges);
        var (level, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Error, level);
        Assert.Contains(charged, message);
        Assert.Contains("refund it by hand", message);
        await AssertNothingChangedAsync(database, itemId, shopper);
    }

    [SkippableFact]
    public async Task A_card_with_a_typo_an_unknown_shipping_method_or_a_bad_address_is_refused_before_anything_is_written()
    {
        var (database, itemId, shopper) = await CartWithTwoAsync();
        var payments = new TestPaymentProvider();
        var checkout = ShopData.Checkout(database, payments);

        var typo = await checkout.CheckoutAsync(shopper, ShopData.Request(card: "4242 4242 4242 4241"));
        Assert.Equal((CheckoutStep.Payment, "This card number has a typo (its check digit does not match)."), (typo.FailedAt, typo.FieldErrors!["Number"]));

        var unknown = await checkout.CheckoutAsync(shopper, ShopData.Request("Teleport"));
        Assert.Equal((CheckoutStep.Shipping, "Choose one of the shipping methods offered for orders in EUR."), (unknown.FailedAt, unknown.Error));

        var badAddress = await checkout.CheckoutAsync(shopper, ShopData.Request() with { ShippingAddress = ShopData.Berlin with { City = " ", Country = "Germany" } });
        Assert.Equal(CheckoutStep.Address, badAddress.FailedAt);
        Assert.Equal(["City", "Country"], badAddress.FieldErrors!.Keys.Order());

        Assert.Empty(payments.Charges);
        await AssertNothingChangedAsync(database, itemId, shopper);
    }

    [SkippableFact]
    public async Task A_total_that_changed_since_the_shopper_saw_it_is_refused_and_nothing_is_charged()
    {
        var (database, itemId, shopper) = await CartWithTwoAsync(MembershipTier.Silver);
        var payments = new TestPaymentProvider();
        // 2 x 12.50 = 25.00, 5 % = 1.25, Standard for 1200 g = 4.90 + 2 x 0.50 = 5.90: 29.65.
        var stale = await ShopData.Checkout(database, payments).CheckoutAsync(shopper, ShopData.Request(expectedTotal: 29.64m));

        Assert.Equal(CheckoutStep.Cart, stale.FailedAt);
        Assert.StartsWith("Prices changed while you were checking out; nothing was charged.", stale.Error);
        await AssertNothingChangedAsync(database, itemId, shopper);
        Assert.True((await ShopData.Checkout(database, payments).CheckoutAsync(shopper, ShopData.Request(expectedTotal: 29.65m))).Succeeded);
    }

    [SkippableFact]
    public async Task The_address_book_adds_edits_and_refuses_at_the_field_and_keeps_each_customer_to_their_own()
    {
        var database = await DatabaseAsync();
        var shoppers = await ShopData.ShoppersAsync(database, 2);
        var book = new AddressBook(new TestDbContextFactory(database));

        var added = await book.SaveAsync(shoppers[0], new AddressDraft { Label = "Office", Line1 = "9 Quay", PostalCode = "1011", City = "Amsterdam", Country = "nl" });
        Assert.True(added.Succeeded);
        var edited = await book.SaveAsync(shoppers[0], AddressDraft.From(added.Saved!) with { Line2 = "3rd floor" });
        Assert.True(edited.Succeeded);
        var refused = await book.SaveAsync(shoppers[0], AddressDraft.From(added.Saved!) with { PostalCode = "" });
        Assert.Equal("Postal code is required.", refused.Errors["PostalCode"]);
        var notTheirs = await book.SaveAsync(shoppers[1], AddressDraft.From(added.Saved!));
        Assert.Equal("This address is no longer in your address book.", notTheirs.Errors[""]);

        var saved = Assert.Single(await book.ListAsync(shoppers[0]));
        Assert.Equal(("Office", "9 Quay", "3rd floor", "1011", "NL"), (saved.Label, saved.Address.Line1, saved.Address.Line2, saved.Address.PostalCode, saved.Address.Country));
        Assert.Empty(await book.ListAsync(shoppers[1]));
    }

    [SkippableFact]
    public async Task A_shipped_order_is_a_notice_until_the_shopper_has_looked_and_a_later_shipment_is_new_again()
    {
        var database = await DatabaseAsync();
        var first = await ShopData.PaidOrderAsync(database);
        await using var db = database.NewContext();
        var shopper = await db.Orders.Where(o => o.Id == first).Select(o => o.Customer!.UserId!).SingleAsync();
        var notices = new ShipmentNotices(new TestDbContextFactory(database));
        Assert.Equal(0, (await notices.GetAsync(shopper)).Unseen);

        await ShipAsync(database, first, DateTime.UtcNow.AddMinutes(-5));
        var list = await notices.GetAsync(shopper);
        Assert.Equal(1, list.Unseen);
        Assert.Equal((first, "DHL", "JD0001"), (list.Notices[0].OrderId, list.Notices[0].Carrier, list.Notices[0].TrackingNumber));
        Assert.Equal(0, (await notices.GetAsync("someone-else")).Unseen);

        await notices.MarkSeenAsync(shopper, list.Notices[0].ShippedAt);
        Assert.Equal(0, (await notices.GetAsync(shopper)).Unseen);

        await ShipAsync(database, first, DateTime.UtcNow.AddMinutes(5));
        Assert.Equal(1, (await notices.GetAsync(shopper)).Unseen);
    }

    [SkippableFact]
    public async Task Marking_seen_covers_only_the_notices_shown_not_one_shipped_after_the_list_was_read_nor_one_not_listed()
    {
        var database = await DatabaseAsync();
        var orders = new List<int>();
        for (var i = 0; i < ShipmentNotices.Listed + 2; i++) orders.Add(await ShopData.PaidOrderAsync(database));
        await using var db = database.NewContext();
        var customerId = await db.Orders.Where(o => o.Id == orders[0]).Select(o => o.CustomerId).SingleAsync();
        var shopper = await db.Customers.Where(c => c.Id == customerId).Select(c => c.UserId!).SingleAsync();
        await db.Orders.ExecuteUpdateAsync(s => s.SetProperty(o => o.CustomerId, customerId));
        var start = DateTime.UtcNow.AddHours(-2);
        // All but the last shipped a minute apart, oldest first.
        for (var i = 0; i < orders.Count - 1; i++) await ShipAsync(database, orders[i], start.AddMinutes(i));
        var notices = new ShipmentNotices(new TestDbContextFactory(database));

        var shown = await notices.GetAsync(shopper);
        Assert.Equal(orders.Count - 1, shown.Unseen);
        // The oldest new ones are listed (newest of them first), so the mark leaves none unlisted behind it.
        Assert.Equal(orders.Take(ShipmentNotices.Listed).Reverse(), shown.Notices.Select(n => n.OrderId));
        // Shipped after the bell loaded, before the shopper opened it.
        await ShipAsync(database, orders[^1], DateTime.UtcNow.AddMinutes(-1));

        await notices.MarkSeenAsync(shopper, shown.Notices.Max(n => n.ShippedAt));

        var after = await notices.GetAsync(shopper);
        Assert.Equal([orders[^1], orders[^2]], after.Notices.Select(n => n.OrderId));
        Assert.Equal(2, after.Unseen);
        // An older mark never moves the seen mark back.
        await notices.MarkSeenAsync(shopper, start.AddDays(-1));
        Assert.Equal(2, (await notices.GetAsync(shopper)).Unseen);
    }

    private static async Task ShipAsync(TestDatabase database, int orderId, DateTime at)
    {
        await using var db = database.NewContext();
        await db.Orders.Where(o => o.Id == orderId).ExecuteUpdateAsync(s => s
            .SetProperty(o => o.Status, OrderStatus.Shipped).SetProperty(o => o.ShippedAt, at)
            .SetProperty(o => o.Carrier, "DHL").SetProperty(o => o.TrackingNumber, "JD0001"));
    }

    /// <summary>Approves charges, then fails every refund (the provider is down).</summary>
    private sealed class RefundRefusingProvider : IPaymentProvider
    {
        private readonly TestPaymentProvider _inner = new();
        public IReadOnlyCollection<string> Charges => _inner.Charges;
        public string Notice => _inner.Notice;
        public bool IsTest => true;
        public Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default) => _inner.ChargeAsync(request, cancellationToken);
        public Task RefundAsync(string reference, CancellationToken cancellationToken = default) => throw new HttpRequestException("The payment provider is unreachable.");
    }

    private sealed class RecordingLogger : ILogger<CheckoutService>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    /// <summary>The database refuses the commit (e.g. the connection drops), after the payment was approved.</summary>
    private sealed class FailingCommit : DbTransactionInterceptor
    {
        public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default) =>
            throw new DbUpdateException("The connection dropped while committing.");
    }
}
