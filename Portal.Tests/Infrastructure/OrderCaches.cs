using Microsoft.Extensions.Options;
using Portal.Engine.Logistics;

namespace Portal.Tests.Infrastructure;

public static class OrderCaches
{
    /// <summary>A cache nothing listens for, so it never serves a read: what SQLite gets in the app.</summary>
    public static OrderReadCache Dark() => new(Options.Create(new OrderReadCacheOptions()));

    /// <summary>A cache taken live by hand, for tests that evict from it themselves.</summary>
    public static OrderReadCache Live(int maxOrders = 1000)
    {
        var cache = new OrderReadCache(Options.Create(new OrderReadCacheOptions { MaxOrders = maxOrders }));
        cache.GoLive();
        return cache;
    }
}
