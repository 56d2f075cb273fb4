using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Logistics;
using Portal.Engine.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Data;

public sealed class SqliteFarPageTests() : FarPageTests(DatabaseOptions.Sqlite);

public sealed class PostgresFarPageTests() : FarPageTests(DatabaseOptions.Postgres);

/// <summary>
/// Every paged read answers the last page number a client can send with an empty page: the offset (page x size)
/// must not overflow, since a negative OFFSET is an error on PostgreSQL and wraps to the first page on SQLite.
/// </summary>
public abstract class FarPageTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task Catalog_pages_past_the_end_are_empty()
    {
        var database = await DatabaseAsync();
        await ShopData.ItemAsync(database, stock: 3);
        var catalog = new CatalogService(new TestDbContextFactory(database), TimeProvider.System);

        var page = await catalog.QueryAsync(new CatalogQuery { Page = int.MaxValue, PageSize = CatalogQuery.MaxPageSize });

        Assert.Empty(page.Items);
        Assert.Equal(1, page.Total);
    }

    [SkippableFact]
    public async Task Logistics_and_order_history_pages_past_the_end_are_empty()
    {
        var database = await DatabaseAsync();
        await ShopData.PaidOrderAsync(database);
        var logistics = new LogisticsService(new TestDbContextFactory(database), TimeProvider.System, OrderCaches.Dark());
        var history = new OrderHistory(new TestDbContextFactory(database));

        var queue = await logistics.QueryAsync(new LogisticsOrderQuery { Page = int.MaxValue, PageSize = LogisticsOrderQuery.MaxPageSize });
        var orders = await history.ListAsync("any-user", int.MaxValue, 100);

        Assert.Empty(queue.Orders);
        Assert.Equal(1, queue.Total);
        Assert.Empty(orders.Orders);
    }
}
