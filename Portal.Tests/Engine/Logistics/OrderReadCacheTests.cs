using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Logistics;

/// <summary>When the order cache may serve a read, and when a copy must not be kept.</summary>
public sealed class OrderReadCacheTests
{
    private static Order Order(int id, int customerId = 1) => new()
    {
        Id = id, CustomerId = customerId, Currency = "EUR",
        ShippingAddress = new Portal.Engine.Customers.PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" },
    };

    [Fact]
    public void A_cache_nobody_listens_for_serves_nothing()
    {
        var cache = OrderCaches.Dark();
        cache.Store(cache.BeginRead(), Order(1));
        Assert.False(cache.TryGet(1, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_live_cache_serves_what_it_stored()
    {
        var cache = OrderCaches.Live();
        var order = Order(1);
        cache.Store(cache.BeginRead(), order);
        Assert.True(cache.TryGet(1, out var cached));
        Assert.Same(order, cached);
        Assert.False(cache.TryGet(2, out _));
        Assert.Equal((1, 1), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void A_copy_read_before_a_change_is_not_kept()
    {
        var cache = OrderCaches.Live();
        var ticket = cache.BeginRead();
        cache.Invalidate(1); // the change is announced while the reader is still at the database
        cache.Store(ticket, Order(1));
        Assert.False(cache.TryGet(1, out _));

        cache.Store(cache.BeginRead(), Order(1));
        Assert.True(cache.TryGet(1, out _));
    }

    [Fact]
    public void A_change_evicts_that_order_only()
    {
        var cache = OrderCaches.Live();
        cache.Store(cache.BeginRead(), Order(1));
        cache.Store(cache.BeginRead(), Order(2));
        cache.Invalidate(1);
        Assert.False(cache.TryGet(1, out _));
        Assert.True(cache.TryGet(2, out _));
    }

    [Fact]
    public void A_customer_change_evicts_every_order_of_that_customer()
    {
        var cache = OrderCaches.Live();
        foreach (var (id, customer) in new[] { (1, 7), (2, 7), (3, 8) }) cache.Store(cache.BeginRead(), Order(id, customer));
        cache.InvalidateCustomer(7);
        Assert.False(cache.TryGet(1, out _));
        Assert.False(cache.TryGet(2, out _));
        Assert.True(cache.TryGet(3, out _));
    }

    [Fact]
    public void Going_dark_forgets_everything_and_stops_serving_until_live_again()
    {
        var cache = OrderCaches.Live();
        cache.Store(cache.BeginRead(), Order(1));
        var ticketBeforeDark = cache.BeginRead();
        cache.GoDark();
        Assert.False(cache.IsLive);
        Assert.Equal(0, cache.Count);
        cache.Store(cache.BeginRead(), Order(2));
        Assert.Equal(0, cache.Count);

        cache.GoLive();
        cache.Store(ticketBeforeDark, Order(1)); // read before the outage: changes in between were not heard
        Assert.False(cache.TryGet(1, out _));
    }

    [Fact]
    public void Disabled_by_setting_it_never_goes_live()
    {
        var cache = new OrderReadCache(Options.Create(new OrderReadCacheOptions { Enabled = false }));
        cache.GoLive();
        Assert.False(cache.IsLive);
    }

    [Fact]
    public void It_keeps_at_most_the_configured_number_of_orders()
    {
        var cache = OrderCaches.Live(maxOrders: 100);
        for (var id = 1; id <= 500; id++) cache.Store(cache.BeginRead(), Order(id));
        Assert.InRange(cache.Count, 1, 100);
    }

    [Theory]
    [InlineData("Postgres", true, false, HealthStatus.Degraded)]
    [InlineData("Postgres", true, true, HealthStatus.Healthy)]
    [InlineData("Postgres", false, false, HealthStatus.Healthy)]
    [InlineData("Sqlite", true, false, HealthStatus.Healthy)]
    public async Task Health_is_degraded_only_while_postgres_changes_go_unheard(string provider, bool enabled, bool live, HealthStatus expected)
    {
        var options = Options.Create(new OrderReadCacheOptions { Enabled = enabled });
        var cache = new OrderReadCache(options);
        if (live) cache.GoLive();
        var check = new OrderReadCacheHealthCheck(cache, Options.Create(new Portal.Engine.Data.DatabaseOptions { Provider = provider, ConnectionString = "Host=x" }), options);
        Assert.Equal(expected, (await check.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
