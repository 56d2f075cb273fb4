using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Ordering;

namespace Portal.Engine.Demo;

/// <summary>
/// Builds the demo shop from a seed: the same seed always gives the same items, customers and
/// orders, so screenshots, tests and exported analytics are reproducible.
/// </summary>
public sealed class DemoDataGenerator(DemoOptions options, DateTime now)
{
    private static readonly string[] FirstNames =
        ["Alex", "Maria", "Jonas", "Lea", "Noah", "Emma", "Liam", "Mia", "Lukas", "Sofia", "Elias", "Hannah", "Ben", "Lina", "Paul", "Clara", "Felix", "Ida", "Tom", "Nora",
         "Oskar", "Ella", "Jakob", "Marta", "Anton", "Greta", "Leon", "Zoe", "Henrik", "Alma"];

    private static readonly string[] LastNames =
        ["Schmidt", "Novak", "Rossi", "Dubois", "Jensen", "Silva", "Kowalski", "Berg", "Meyer", "Costa", "Horvat", "Lindqvist", "Murphy", "Weber", "Fischer",
         "Andersen", "Moreau", "Petrov", "Bianchi", "Keller", "Olsen", "Varga", "Santos", "Brennan"];

    private static readonly (string City, string Country, string PostalPrefix)[] Cities =
    [
        ("Berlin", "DE", "10"), ("Hamburg", "DE", "20"), ("Vienna", "AT", "10"), ("Zurich", "CH", "80"),
        ("Amsterdam", "NL", "10"), ("Copenhagen", "DK", "12"), ("Lyon", "FR", "69"), ("Milan", "IT", "20"),
    ];

    private static readonly string[] Streets = ["Main Street", "Harbour Road", "Park Lane", "Mill Way", "Station Road", "Garden Row"];
    private static readonly string[] Carriers = ["DHL", "UPS", "DPD", "GLS"];

    private readonly Random _random = new(options.Seed);
    private readonly DemoNames _names = new();
    private readonly DemoPeople _people = new(FirstNames, LastNames);

    /// <summary>The SKU of the demo shop's item number <paramref name="index"/> (from 0), the same for every seed.</summary>
    public static string Sku(int index)
    {
        var category = DemoCategories.All[index % DemoCategories.All.Count].Name;
        return $"{category[..3].ToUpperInvariant()}-{index + 1:D5}";
    }

    public List<CatalogItem> Items()
    {
        var items = new List<CatalogItem>(options.Items);
        for (var i = 0; i < options.Items; i++)
        {
            var category = DemoCategories.All[i % DemoCategories.All.Count];
            var product = category.Products[_random.Next(category.Products.Count)];
            var name = _names.Take(product.Noun, _random.Next(DemoNames.Adjectives.Length));
            var price = Math.Round(category.MinPrice + (decimal)_random.NextDouble() * (category.MaxPrice - category.MinPrice), 0) - 0.01m;
            items.Add(new CatalogItem
            {
                Sku = Sku(i),
                Name = name.Name,
                Description = $"{name.Phrase} from our {category.Name.ToLowerInvariant()} range.",
                Category = category.Name,
                Price = Math.Max(price, 0.99m),
                WeightGrams = _random.Next(category.MinGrams, category.MaxGrams + 1),
                Stock = _random.Next(0, 10) == 0 ? 0 : _random.Next(5, 400),
                IsActive = _random.Next(0, 20) != 0,
                CreatedAt = now.AddDays(-400 + _random.Next(0, 30)),
            });
        }
        return items;
    }

    public List<Customer> Customers()
    {
        var customers = new List<Customer>(options.Customers);
        for (var i = 0; i < options.Customers; i++)
        {
            var firstIndex = _random.Next(FirstNames.Length);
            var lastIndex = _random.Next(LastNames.Length);
            var fullName = _people.Take(firstIndex, lastIndex);
            var (city, country, postalPrefix) = Cities[_random.Next(Cities.Length)];
            var since = now.AddDays(-_random.Next(30, 1500));
            var tierRoll = _random.Next(100);
            var tier = tierRoll < 55 ? MembershipTier.Basic : tierRoll < 80 ? MembershipTier.Silver : tierRoll < 95 ? MembershipTier.Gold : MembershipTier.Platinum;
            var statusRoll = _random.Next(100);
            var status = statusRoll < 82 ? MembershipStatus.Active : statusRoll < 94 ? MembershipStatus.Expired : MembershipStatus.Cancelled;
            var expires = status switch
            {
                MembershipStatus.Active => now.AddDays(_random.Next(10, 365)),
                MembershipStatus.Expired => now.AddDays(-_random.Next(1, 200)),
                _ => (DateTime?)null,
            };
            customers.Add(new Customer
            {
                Email = $"{string.Join('.', fullName.Replace(".", "").Split(' '))}.{i + 1}@example.com".ToLowerInvariant(),
                FullName = fullName,
                ShippingAddress = new PostalAddress
                {
                    Line1 = $"{_random.Next(1, 200)} {Streets[_random.Next(Streets.Length)]}",
                    PostalCode = $"{postalPrefix}{_random.Next(100, 999)}",
                    City = city,
                    Country = country,
                },
                Tier = tier,
                MembershipStatus = status,
                MemberSince = since,
                MembershipExpiresAt = expires,
                // The demo history counts as seen: the shipment bell then lists what ships from now on, not a year's backlog.
                ShipmentsSeenAt = now,
                CreatedAt = since,
            });
        }
        return customers;
    }

    /// <summary>
    /// Each customer's tier history, ending in their current tier: about 40% of members above Basic joined one or two
    /// tiers lower and upgraded later, so the analytics have customers moving between tiers. Drawn from a random of its
    /// own, so the rest of the demo shop is the same as before it existed.
    /// </summary>
    public List<MembershipChange> MembershipChanges(IReadOnlyList<Customer> customers)
    {
        var random = new Random(unchecked(options.Seed * 31 + 7));
        var changes = new List<MembershipChange>(customers.Count * 3 / 2);
        foreach (var customer in customers)
        {
            var steps = customer.Tier == MembershipTier.Basic || random.Next(100) >= 40 ? 0 : Math.Min((int)customer.Tier, 1 + random.Next(2));
            var at = customer.MemberSince;
            changes.Add(new MembershipChange { Customer = customer, Tier = customer.Tier - steps, EffectiveFrom = at });
            for (var step = steps - 1; step >= 0; step--)
            {
                var remaining = (now - at).TotalMinutes;
                at = at.AddMinutes(remaining * (0.2 + random.NextDouble() * 0.6));
                changes.Add(new MembershipChange { Customer = customer, Tier = customer.Tier - step, EffectiveFrom = at });
            }
        }
        return changes;
    }

    /// <summary>Orders over the past year; recent ones are still open, older ones mostly completed.</summary>
    public List<Order> Orders(IReadOnlyList<CatalogItem> items, IReadOnlyList<Customer> customers)
    {
        var orders = new List<Order>(options.Orders);
        if (items.Count == 0 || customers.Count == 0) return orders;
        var yearStart = now.AddDays(-365);
        for (var i = 0; i < options.Orders; i++)
        {
            var customer = customers[_random.Next(customers.Count)];
            var placedAt = yearStart.AddMinutes(_random.Next(0, 365 * 24 * 60));
            var lines = new List<Ordering.OrderLine>();
            var lineCount = 1 + _random.Next(0, 4);
            foreach (var item in Enumerable.Range(0, lineCount).Select(_ => items[_random.Next(items.Count)]).DistinctBy(x => x.Sku))
            {
                var quantity = 1 + (_random.Next(0, 5) == 0 ? _random.Next(1, 4) : 0);
                lines.Add(Ordering.OrderLine.For(item, quantity));
            }
            var price = OrderPricing.Price(lines.Select(l => l.LineTotal), MemberDiscount.RateFor(customer, placedAt), shipping: 0m);
            var order = new Order
            {
                CustomerId = customer.Id,
                ShippingAddress = customer.ShippingAddress with { },
                PlacedAt = placedAt,
                Subtotal = price.Subtotal,
                Discount = price.Discount,
                Total = price.Total,
                TotalWeightGrams = lines.Sum(l => l.LineWeightGrams),
                Lines = lines,
                CreatedAt = placedAt,
            };
            ApplyLifecycle(order, (now - placedAt).TotalDays);
            orders.Add(order);
        }
        return orders;
    }

    private void ApplyLifecycle(Order order, double ageDays)
    {
        var roll = _random.Next(100);
        if (roll < 3) { Cancel(order); return; }
        if (ageDays < 1 && roll < 25) { order.Status = OrderStatus.Placed; return; }
        order.PaidAt = order.PlacedAt.AddMinutes(_random.Next(1, 90));
        order.Status = OrderStatus.Paid;
        if (ageDays < 3 && roll < 70) return;
        order.ShippedAt = order.PaidAt.Value.AddHours(_random.Next(4, 48));
        order.Carrier = Carriers[_random.Next(Carriers.Length)];
        order.TrackingNumber = $"{order.Carrier}{_random.NextInt64(1_000_000_000, 9_999_999_999)}";
        order.Status = OrderStatus.Shipped;
        if (ageDays < 7 && roll < 80) return;
        order.CompletedAt = order.ShippedAt.Value.AddDays(_random.Next(1, 5));
        order.Status = OrderStatus.Completed;
    }

    private void Cancel(Order order)
    {
        order.Status = OrderStatus.Cancelled;
        order.CancelledAt = order.PlacedAt.AddHours(_random.Next(1, 24));
    }
}
