using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Identity;
using Microsoft.Extensions.Options;
using Portal.Engine.Ordering;
using Portal.Engine.Payments;
using Portal.Engine.Storefront;

namespace Portal.Tests.Infrastructure;

/// <summary>Shoppers, items and paid orders made through the engine's own services, for commerce tests.</summary>
public static class ShopData
{
    public static async Task<List<string>> ShoppersAsync(TestDatabase database, int count, MembershipTier tier = MembershipTier.Basic)
    {
        await using var db = database.NewContext();
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var user = new PortalUser { UserName = $"shopper{Guid.NewGuid():N}@example.com", Email = $"s{i}@example.com" };
            db.Users.Add(user);
            db.Customers.Add(new Customer
            {
                UserId = user.Id, Email = $"{user.Id}@example.com", FullName = $"Shopper {i}", Tier = tier, MembershipStatus = MembershipStatus.Active,
                ShippingAddress = new PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" },
                MemberSince = DateTime.UtcNow.AddYears(-1),
            });
            ids.Add(user.Id);
        }
        await db.SaveChangesAsync();
        return ids;
    }

    public static async Task<CatalogItem> ItemAsync(TestDatabase database, int stock, decimal price = 20m, int grams = 500)
    {
        await using var db = database.NewContext();
        var item = new CatalogItem { Sku = $"CHK-{Guid.NewGuid():N}"[..20].ToUpperInvariant(), Name = "Last units", Category = "Prints", Price = price, WeightGrams = grams, Stock = stock };
        db.CatalogItems.Add(item);
        await db.SaveChangesAsync();
        return item;
    }

    public static CartService Cart(TestDatabase database) => new(new TestDbContextFactory(database), TimeProvider.System);

    /// <summary>The default shipping methods (Standard and Express, in EUR and USD).</summary>
    public static ShippingRates Shipping { get; } = new(Options.Create(new ShippingOptions()));

    public static PostalAddress Berlin { get; } = new() { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" };

    /// <summary>Ship to Berlin by <paramref name="method"/>, paying with <paramref name="card"/> (the test provider's approved card by default).</summary>
    public static CheckoutRequest Request(string method = "Standard", string card = TestPaymentProvider.ApprovedCard, decimal? expectedTotal = null) =>
        new(Berlin, method, new PaymentCard(card, "12/40", "123"), expectedTotal);

    public static CheckoutService Checkout(TestDatabase database, IPaymentProvider? payments = null) =>
        Checkout(new TestDbContextFactory(database), payments);

    public static CheckoutService Checkout(Microsoft.EntityFrameworkCore.IDbContextFactory<Portal.Engine.Data.PortalDbContext> factory, IPaymentProvider? payments = null,
        Microsoft.Extensions.Logging.ILogger<CheckoutService>? logger = null) =>
        new(factory, TimeProvider.System, Shipping, payments ?? new TestPaymentProvider(),
            logger ?? Microsoft.Extensions.Logging.Abstractions.NullLogger<CheckoutService>.Instance);

    /// <summary>A new shopper buys one unit of a new item; returns the paid order's id.</summary>
    public static async Task<int> PaidOrderAsync(TestDatabase database)
    {
        var item = await ItemAsync(database, stock: 5);
        var shopper = (await ShoppersAsync(database, 1)).Single();
        Assert.Null(await Cart(database).AddAsync(shopper, item.Id, 1));
        var result = await Checkout(database).CheckoutAsync(shopper, Request());
        Assert.True(result.Succeeded, result.Error);
        return result.OrderId!.Value;
    }
}
