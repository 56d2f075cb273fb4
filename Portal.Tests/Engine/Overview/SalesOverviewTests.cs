using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Ordering;
using Portal.Engine.Overview;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Overview;

public sealed class SqliteSalesOverviewTests() : SalesOverviewTests(DatabaseOptions.Sqlite);

public sealed class PostgresSalesOverviewTests() : SalesOverviewTests(DatabaseOptions.Postgres);

/// <summary>The analytics figures keep each currency apart: per month and over the twelve months.</summary>
public abstract class SalesOverviewTests(string provider) : ProviderSuite(provider)
{
    private static readonly DateTime Now = new(2026, 6, 15, 12, 0, 0, DateTimeKind.Utc);

    [SkippableFact]
    public async Task Revenue_is_summed_per_month_and_currency_never_across_currencies()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            var customer = new Customer
            {
                Email = "buyer@example.com", FullName = "Buyer", MemberSince = Now.AddYears(-1),
                ShippingAddress = Berlin(),
            };
            db.Customers.Add(customer);
            await db.SaveChangesAsync();
            db.Orders.AddRange(
                Order(customer, Now, "EUR", 100m),
                Order(customer, Now.AddDays(-3), "USD", 30m),
                Order(customer, Now.AddDays(-5), "EUR", 20.50m),
                Order(customer, Now.AddDays(-1), "EUR", 999m, OrderStatus.Cancelled),
                Order(customer, Now.AddMonths(-1), "USD", 50m),
                Order(customer, Now.AddMonths(-13), "EUR", 7m));
            await db.SaveChangesAsync();
        }

        await using var query = database.NewContext();
        var sales = await SalesOverview.LoadAsync(query, Now);

        Assert.Equal(12, sales.Months.Count);
        var (june, may, april) = (sales.Months[11], sales.Months[10], sales.Months[9]);
        Assert.Equal((2026, 6, 3), (june.Year, june.Month, june.Orders));
        Assert.Equal([new CurrencyTotal("EUR", 120.50m), new CurrencyTotal("USD", 30m)], june.Revenue);
        Assert.Equal((1, 50m, 0m), (may.Orders, may.RevenueIn("USD"), may.RevenueIn("EUR")));
        Assert.Equal((0, 0), (april.Orders, april.Revenue.Count));
        Assert.Equal([new CurrencyTotal("EUR", 120.50m), new CurrencyTotal("USD", 80m)], sales.RevenueByCurrency);
    }

    private static Order Order(Customer customer, DateTime placedAt, string currency, decimal total, OrderStatus status = OrderStatus.Paid) => new()
    {
        CustomerId = customer.Id, Status = status, Currency = currency, Subtotal = total, Total = total, TotalWeightGrams = 500,
        ShippingAddress = Berlin(), PlacedAt = placedAt,
    };

    private static PostalAddress Berlin() => new() { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" };
}
