using Portal.Engine.Customers;
using Portal.Engine.Demo;
using Portal.Engine.Ordering;

namespace Portal.Tests.Engine.Demo;

public sealed class DemoDataGeneratorTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static (List<Portal.Engine.Catalog.CatalogItem> Items, List<Customer> Customers, List<Order> Orders) Generate(int seed = 7)
    {
        var generator = new DemoDataGenerator(new DemoOptions { Seed = seed }, Now);
        var items = generator.Items();
        for (var i = 0; i < items.Count; i++) items[i].Id = i + 1;
        var customers = generator.Customers();
        for (var i = 0; i < customers.Count; i++) customers[i].Id = i + 1;
        return (items, customers, generator.Orders(items, customers));
    }

    [Fact]
    public void Default_demo_shop_has_the_promised_size_and_spread()
    {
        var (items, customers, orders) = Generate();

        Assert.Equal(200, items.Count);
        Assert.Equal(items.Count, items.Select(i => i.Sku).Distinct().Count());
        Assert.True(items.Select(i => i.Category).Distinct().Count() >= 5);
        Assert.All(items, i => Assert.True(i.Price > 0 && i.WeightGrams > 0));

        Assert.Equal(500, customers.Count);
        Assert.Equal(Enum.GetValues<MembershipTier>().Length, customers.Select(c => c.Tier).Distinct().Count());
        Assert.Equal(Enum.GetValues<MembershipStatus>().Length, customers.Select(c => c.MembershipStatus).Distinct().Count());

        Assert.Equal(5000, orders.Count);
        Assert.All(orders, o => Assert.InRange(o.PlacedAt, Now.AddDays(-366), Now));
        var byStatus = orders.GroupBy(o => o.Status).ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(Enum.GetValues<OrderStatus>().Length, byStatus.Count);
        Assert.True(byStatus[OrderStatus.Completed] > orders.Count / 2, "most orders of the past year are completed");
        Assert.All(orders.Where(o => o.Status is OrderStatus.Shipped or OrderStatus.Completed),
            o => Assert.False(string.IsNullOrEmpty(o.TrackingNumber)));
    }

    [Fact]
    public void Order_totals_and_weights_add_up()
    {
        foreach (var order in Generate().Orders)
        {
            Assert.Equal(order.Lines.Sum(l => l.LineTotal), order.Subtotal);
            Assert.Equal(order.Subtotal - order.Discount, order.Total);
            Assert.Equal(order.Lines.Sum(l => l.LineWeightGrams), order.TotalWeightGrams);
            Assert.All(order.Lines, l => Assert.Equal(l.UnitWeightGrams * l.Quantity, l.LineWeightGrams));
        }
    }

    [Fact]
    public void Same_seed_gives_the_same_shop_and_another_seed_does_not()
    {
        static string Fingerprint((List<Portal.Engine.Catalog.CatalogItem> Items, List<Customer> Customers, List<Order> Orders) shop) =>
            string.Join("|", shop.Items.Select(i => $"{i.Sku}:{i.Price}:{i.WeightGrams}")) + "#" +
            string.Join("|", shop.Orders.Select(o => $"{o.CustomerId}:{o.Status}:{o.Total}:{o.PlacedAt:O}"));

        Assert.Equal(Fingerprint(Generate(7)), Fingerprint(Generate(7)));
        Assert.NotEqual(Fingerprint(Generate(7)), Fingerprint(Generate(8)));
    }
}

public sealed class MemberDiscountTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static Customer Member(MembershipStatus status, DateTime? expires) => new()
    {
        Email = "m@example.com", FullName = "M", Tier = MembershipTier.Gold, MembershipStatus = status, MembershipExpiresAt = expires,
        ShippingAddress = new PostalAddress { Line1 = "1", PostalCode = "1", City = "C", Country = "DE" },
    };

    [Fact]
    public void Only_a_current_membership_gives_its_tier_discount()
    {
        Assert.Equal(0.10m, MemberDiscount.RateFor(Member(MembershipStatus.Active, Now.AddDays(1)), Now));
        Assert.Equal(0.10m, MemberDiscount.RateFor(Member(MembershipStatus.Active, null), Now));
        Assert.Equal(0m, MemberDiscount.RateFor(Member(MembershipStatus.Active, Now.AddDays(-1)), Now));
        Assert.Equal(0m, MemberDiscount.RateFor(Member(MembershipStatus.Expired, Now.AddDays(10)), Now));
        Assert.Equal(0m, MemberDiscount.RateFor(Member(MembershipStatus.Cancelled, null), Now));
        Assert.Equal(0.15m, MemberDiscount.RateFor(MembershipTier.Platinum));
        Assert.Equal(0m, MemberDiscount.RateFor(MembershipTier.Basic));
    }
}

/// <summary>Demo customers have full names no other customer has, the same for the same seed, at any count.</summary>
public sealed class DemoCustomerNameTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    private static List<Customer> Customers(int seed, int count) =>
        new DemoDataGenerator(new DemoOptions { Seed = seed, Customers = count }, Now).Customers();

    [Theory]
    [InlineData(7, 500)]
    [InlineData(42, 500)]
    [InlineData(1, 20_000)]
    public void Every_customer_has_a_full_name_and_email_of_their_own(int seed, int count)
    {
        var customers = Customers(seed, count);

        Assert.Equal(count, customers.Select(c => c.FullName).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(count, customers.Select(c => c.Email).Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(customers, c => Assert.Matches(@"^[A-Z][a-z]+( [A-Z]\.)* [A-Z][a-z]+$", c.FullName));
        Assert.All(customers, c => Assert.StartsWith(string.Join('.', c.FullName.Replace(".", "").Split(' ')).ToLowerInvariant() + ".", c.Email));
    }

    [Fact]
    public void The_default_shop_needs_no_middle_initials_and_the_same_seed_gives_the_same_names()
    {
        var names = Customers(7, 500).Select(c => c.FullName).ToList();

        Assert.All(names, n => Assert.Equal(2, n.Split(' ').Length));
        // Their past shipments count as seen, so the bell lists what ships from now on.
        Assert.All(Customers(7, 500), c => Assert.Equal(Now, c.ShipmentsSeenAt));
        Assert.Equal(names, Customers(7, 500).Select(c => c.FullName));
        Assert.NotEqual(names, Customers(8, 500).Select(c => c.FullName));
    }
}
