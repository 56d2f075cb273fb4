using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Ordering;
using Portal.Engine.Overview;
using Portal.Features.Analytics;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics;

/// <summary>The analytics page over a real SQLite database: revenue stays apart per currency, in the figures and the chart.</summary>
public sealed class AnalyticsHomeTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20); // an upper bound for a loaded machine, not a timing check

    private readonly SqliteTestDatabase _database = new();

    public AnalyticsHomeTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(_database));
        Services.AddSingleton(TimeProvider.System);
        Services.AddOverviews();
    }

    public Task InitializeAsync() => _database.MigrateAsync();

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Monthly_revenue_is_one_series_per_currency_named_by_it()
    {
        await OrdersAsync(("EUR", 100m), ("USD", 30m), ("EUR", 20.50m));

        var page = Render<AnalyticsHome>();
        page.WaitForElement("[data-testid=revenue-chart]", Patience);

        Assert.Equal("120.50 EUR + 30.00 USD", page.Find("[data-testid=stat-revenue] .mud-typography-h5").TextContent.Trim());
        var legend = page.FindAll(".mud-chart-legend-item").Select(e => e.TextContent.Trim()).ToArray();
        Assert.Equal(["EUR", "USD"], legend);
    }

    [Fact]
    public void Without_sales_the_chart_says_so()
    {
        var page = Render<AnalyticsHome>();
        page.WaitForElement("[data-testid=revenue-chart-empty]", Patience);
        Assert.Empty(page.FindAll("[data-testid=revenue-chart]"));
    }

    private async Task OrdersAsync(params (string Currency, decimal Total)[] orders)
    {
        await using var db = _database.NewContext();
        var customer = new Customer { Email = "buyer@example.com", FullName = "Buyer", MemberSince = DateTime.UtcNow.AddYears(-1), ShippingAddress = Berlin() };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        db.Orders.AddRange(orders.Select(o => new Order
        {
            CustomerId = customer.Id, Status = OrderStatus.Paid, Currency = o.Currency, Subtotal = o.Total, Total = o.Total,
            TotalWeightGrams = 500, ShippingAddress = Berlin(), PlacedAt = DateTime.UtcNow,
        }));
        await db.SaveChangesAsync();
    }

    private static PostalAddress Berlin() => new() { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" };
}
