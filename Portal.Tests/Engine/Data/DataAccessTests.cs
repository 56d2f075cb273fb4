using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Demo;
using Portal.Engine.Ordering;
using Portal.Engine.Overview;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Data;

public sealed class SqliteDataAccessTests() : DataAccessTests(DatabaseOptions.Sqlite);

public sealed class PostgresDataAccessTests() : DataAccessTests(DatabaseOptions.Postgres);

/// <summary>The same data-access suite on every provider, on the app's own migrations.</summary>
public abstract class DataAccessTests(string provider) : ProviderSuite(provider)
{

    [SkippableFact]
    public async Task Migrations_match_the_model()
    {
        await using var db = (await DatabaseAsync()).NewContext();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration captures: add a migration for both providers");
    }

    [SkippableFact]
    public async Task Catalog_item_round_trips_money_weight_and_utc_timestamps()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            db.CatalogItems.Add(NewItem("PRT-00001", 19.99m));
            await db.SaveChangesAsync();
        }
        await using (var db = database.NewContext())
        {
            var item = await db.CatalogItems.SingleAsync(i => i.Sku == "PRT-00001");
            Assert.Equal(19.99m, item.Price);
            Assert.Equal(450, item.WeightGrams);
            Assert.Equal(DateTimeKind.Utc, item.CreatedAt.Kind);
            Assert.True(item.CreatedAt > DateTime.UtcNow.AddMinutes(-5));
            Assert.Equal(0, item.Version);
        }
    }

    [SkippableFact]
    public async Task Sku_is_unique()
    {
        await using var db = (await DatabaseAsync()).NewContext();
        db.CatalogItems.Add(NewItem("DUP-00001", 1m));
        await db.SaveChangesAsync();
        db.CatalogItems.Add(NewItem("DUP-00001", 2m));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [SkippableFact]
    public async Task Second_of_two_concurrent_edits_is_refused_and_the_first_is_kept()
    {
        var database = await DatabaseAsync();
        await using (var seed = database.NewContext())
        {
            seed.CatalogItems.Add(NewItem("CON-00001", 10m));
            await seed.SaveChangesAsync();
        }

        await using var first = database.NewContext();
        await using var second = database.NewContext();
        var mine = await first.CatalogItems.SingleAsync(i => i.Sku == "CON-00001");
        var theirs = await second.CatalogItems.SingleAsync(i => i.Sku == "CON-00001");

        mine.Price = 12m;
        await first.SaveChangesAsync();
        theirs.Price = 15m;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());

        await using var check = database.NewContext();
        var stored = await check.CatalogItems.SingleAsync(i => i.Sku == "CON-00001");
        Assert.Equal(12m, stored.Price);
        Assert.Equal(1, stored.Version);
    }

    [SkippableFact]
    public async Task Order_with_lines_and_address_round_trips_and_lines_go_with_the_order()
    {
        var database = await DatabaseAsync();
        int orderId;
        await using (var db = database.NewContext())
        {
            var item = NewItem("ORD-00001", 5.50m);
            var customer = NewCustomer("round.trip@example.com");
            db.AddRange(item, customer);
            await db.SaveChangesAsync();
            var order = new Order
            {
                CustomerId = customer.Id,
                Status = OrderStatus.Paid,
                ShippingAddress = customer.ShippingAddress with { },
                PlacedAt = DateTime.UtcNow,
                Subtotal = 11m, Total = 11m, TotalWeightGrams = 900,
                Lines = [new OrderLine { CatalogItemId = item.Id, Sku = item.Sku, Name = item.Name, UnitPrice = 5.50m, Quantity = 2, LineTotal = 11m, UnitWeightGrams = 450, LineWeightGrams = 900 }],
            };
            db.Orders.Add(order);
            await db.SaveChangesAsync();
            orderId = order.Id;
        }
        await using (var db = database.NewContext())
        {
            var order = await db.Orders.Include(o => o.Lines).SingleAsync(o => o.Id == orderId);
            Assert.Equal(OrderStatus.Paid, order.Status);
            Assert.Equal("Berlin", order.ShippingAddress.City);
            Assert.Equal(900, Assert.Single(order.Lines).LineWeightGrams);
            Assert.Equal(1, await db.Orders.CountAsync(o => o.Status == OrderStatus.Paid && o.Id == orderId));
            db.Orders.Remove(order);
            await db.SaveChangesAsync();
            Assert.False(await db.OrderLines.AnyAsync(l => l.OrderId == orderId));
        }
    }

    [SkippableFact]
    public async Task Plain_sql_order_reader_agrees_with_the_ef_mapping()
    {
        var database = await DatabaseAsync();
        var generator = new DemoDataGenerator(new DemoOptions { Items = 10, Customers = 5, Orders = 40 }, DateTime.UtcNow);
        await using (var db = database.NewContext())
        {
            var items = generator.Items();
            var customers = generator.Customers();
            db.AddRange(items);
            db.AddRange(customers);
            await db.SaveChangesAsync();
            var orders = generator.Orders(items, customers);
            // Every other order as checkout writes it, with the shipping method and its price.
            for (var i = 0; i < orders.Count; i += 2) (orders[i].ShippingMethod, orders[i].ShippingPrice) = ("Express", 13.90m);
            db.AddRange(orders);
            await db.SaveChangesAsync();
        }
        await using var query = database.NewContext();
        var expected = await query.Orders.AsNoTracking().Include(o => o.Lines).Include(o => o.Customer).OrderBy(o => o.Id).ToListAsync();
        foreach (var order in expected)
        {
            var read = await Portal.Engine.Logistics.OrderReader.ReadAsync(query, order.Id, default);
            Assert.NotNull(read);
            Assert.Equal(
                (order.Status, order.PlacedAt, order.PaidAt, order.ShippedAt, order.CompletedAt, order.Subtotal, order.Discount, order.Total, order.Currency, order.TotalWeightGrams, order.Carrier, order.TrackingNumber, order.Version, order.ShippingAddress, order.Customer!.FullName, order.Customer.Email),
                (read.Status, read.PlacedAt, read.PaidAt, read.ShippedAt, read.CompletedAt, read.Subtotal, read.Discount, read.Total, read.Currency, read.TotalWeightGrams, read.Carrier, read.TrackingNumber, read.Version, read.ShippingAddress, read.Customer!.FullName, read.Customer.Email));
            Assert.Equal(
                order.Lines.OrderBy(l => l.Id).Select(l => (l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal, l.UnitWeightGrams, l.LineWeightGrams)),
                read.Lines.Select(l => (l.Sku, l.Name, l.UnitPrice, l.Quantity, l.LineTotal, l.UnitWeightGrams, l.LineWeightGrams)));
            Assert.Equal((order.ShippingMethod, order.ShippingPrice), (read.ShippingMethod, read.ShippingPrice));
            Assert.Equal(DateTimeKind.Utc, read.PlacedAt.Kind);
        }
        Assert.Null(await Portal.Engine.Logistics.OrderReader.ReadAsync(query, 987654, default));
    }

    [SkippableFact]
    public async Task Overviews_translate_and_agree_with_the_rows()
    {
        var database = await DatabaseAsync();
        var now = DateTime.UtcNow;
        var generator = new DemoDataGenerator(new DemoOptions { Items = 30, Customers = 20, Orders = 300 }, now);
        List<Order> orders;
        await using (var db = database.NewContext())
        {
            var items = generator.Items();
            var customers = generator.Customers();
            db.AddRange(items);
            db.AddRange(customers);
            await db.SaveChangesAsync();
            orders = generator.Orders(items, customers);
            db.AddRange(orders);
            await db.SaveChangesAsync();
        }

        await using var query = database.NewContext();
        var catalog = await CatalogOverview.LoadAsync(query);
        Assert.Equal(30, catalog.Items);
        Assert.Equal(6, catalog.Categories.Count);

        var logistics = await LogisticsOverview.LoadAsync(query);
        var paid = orders.Where(o => o.Status == OrderStatus.Paid).ToList();
        Assert.Equal(paid.Count, logistics.ToShip);
        Assert.Equal(paid.Sum(o => (long)o.TotalWeightGrams), logistics.ToShipWeightGrams);

        var cheapest = await query.CatalogItems.OrderBy(i => i.Price).ThenBy(i => i.Id).Select(i => i.Price).Take(5).ToListAsync();
        Assert.Equal(cheapest.Order(), cheapest);
    }

    private static CatalogItem NewItem(string sku, decimal price) =>
        new() { Sku = sku, Name = $"Item {sku}", Category = "Prints", Price = price, WeightGrams = 450, Stock = 3 };

    private static Customer NewCustomer(string email) => new()
    {
        Email = email,
        FullName = "Round Trip",
        ShippingAddress = new PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" },
        Tier = MembershipTier.Silver,
        MemberSince = DateTime.UtcNow.AddYears(-1),
    };
}
