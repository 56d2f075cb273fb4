using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Logistics;

/// <summary>Reading the database's change announcements, and what the caches drop on each.</summary>
public sealed class DatabaseChangeTests
{
    [Theory]
    [InlineData("orders:42", "orders", "42")]
    [InlineData("api_keys:0a1b2c3d4e", "api_keys", "0a1b2c3d4e")]
    [InlineData("user_roles:8f2c-4e:x", "user_roles", "8f2c-4e:x")]
    [InlineData("customers:*", "customers", "*")]
    public void Announcements_read_as_table_and_key(string payload, string table, string key) =>
        Assert.Equal(new DatabaseChange(table, key), DatabaseChange.Parse(payload));

    [Theory]
    [InlineData("")]
    [InlineData("orders")]
    [InlineData(":42")]
    [InlineData("orders:")]
    public void Anything_else_is_not_an_announcement(string payload) => Assert.Null(DatabaseChange.Parse(payload));

    private static ApiKey Key(string prefix) => new() { UserId = "u", Name = "tool", Prefix = prefix, SecretHash = "h" };

    [Fact]
    public void A_revoked_key_is_dropped_with_its_principal_and_only_it()
    {
        IDatabaseChangeSubscriber cache = new ApiKeyCache();
        var keys = (ApiKeyCache)cache;
        keys.Remember(keys.BeginRead(), Key("aaaaaaaaaa"));
        keys.Remember(keys.BeginRead(), Key("bbbbbbbbbb"));
        keys.RememberPrincipal(keys.BeginRead(), "aaaaaaaaaa", "principal");

        cache.Changed(new DatabaseChange(ApiKeyCache.ApiKeysTable, "aaaaaaaaaa"));

        Assert.Null(keys.Key("aaaaaaaaaa"));
        Assert.Null(keys.Principal<string>("aaaaaaaaaa"));
        Assert.NotNull(keys.Key("bbbbbbbbbb"));
    }

    [Fact]
    public void A_role_change_drops_every_principal_and_orders_are_none_of_its_business()
    {
        IDatabaseChangeSubscriber cache = new ApiKeyCache();
        var keys = (ApiKeyCache)cache;
        keys.Remember(keys.BeginRead(), Key("aaaaaaaaaa"));
        cache.Changed(new DatabaseChange("orders", "42"));
        Assert.NotNull(keys.Key("aaaaaaaaaa"));

        cache.Changed(new DatabaseChange(ApiKeyCache.UserRolesTable, "some-user"));
        Assert.Null(keys.Key("aaaaaaaaaa"));
    }

    [Fact]
    public void The_order_cache_drops_by_order_by_customer_and_everything()
    {
        var orders = OrderCaches.Live();
        IDatabaseChangeSubscriber subscriber = orders;
        var order = new Portal.Engine.Ordering.Order
        {
            Id = 1, CustomerId = 7, Currency = "EUR",
            ShippingAddress = new Portal.Engine.Customers.PostalAddress { Line1 = "1 Main Street", PostalCode = "10115", City = "Berlin", Country = "DE" },
        };
        void Keep() => orders.Store(orders.BeginRead(), order);

        Keep();
        subscriber.Changed(new DatabaseChange("api_keys", "1"));
        Assert.True(orders.TryGet(1, out _));
        subscriber.Changed(new DatabaseChange("orders", "1"));
        Assert.False(orders.TryGet(1, out _));
        Keep();
        subscriber.Changed(new DatabaseChange("customers", "7"));
        Assert.False(orders.TryGet(1, out _));
        Keep();
        subscriber.Changed(new DatabaseChange("orders", DatabaseChange.Everything));
        Assert.Equal(0, orders.Count);
        Keep();
        subscriber.NotListening();
        Assert.False(orders.IsLive);
    }
}
