using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using Portal.Engine.Data;
using Portal.Engine.Logistics;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Logistics;

/// <summary>
/// On PostgreSQL the logistics API's order reads come from memory, kept in step by the database's change
/// notifications: any change, by this instance, another one or SQL by hand, shows up in the next reads.
/// </summary>
public sealed class OrderChangeNotificationTests() : ProviderSuite(DatabaseOptions.Postgres)
{
    private static readonly TimeSpan NotificationWait = TimeSpan.FromSeconds(10);

    [SkippableFact]
    public async Task A_repeat_read_comes_from_memory_and_a_shipment_shows_at_once()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);
        await using var instance = await Instance.StartAsync(database);

        Assert.Equal(OrderStatus.Paid, (await instance.Logistics.FindAsync(orderId))!.Status);
        Assert.Equal(OrderStatus.Paid, (await instance.Logistics.FindAsync(orderId))!.Status);
        Assert.Equal(1, instance.Cache.Hits);

        Assert.Equal(ShipmentOutcome.Ok, (await instance.Logistics.ShipAsync(orderId, "DHL", "T-1", "lou")).Outcome);
        var shipped = await instance.Logistics.FindAsync(orderId);
        Assert.Equal((OrderStatus.Shipped, "DHL"), (shipped!.Status, shipped.Carrier));
    }

    [SkippableFact]
    public async Task A_change_made_in_SQL_by_hand_evicts_the_copy()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);
        await using var instance = await Instance.StartAsync(database);
        var before = await instance.Logistics.FindAsync(orderId);

        await ExecuteAsync(database, $"""UPDATE orders SET "Carrier" = 'By hand' WHERE "Id" = {orderId}""");
        await Eventually(async () => (await instance.Logistics.FindAsync(orderId))!.Carrier == "By hand");

        await ExecuteAsync(database, $"""UPDATE order_lines SET "Name" = 'Renamed line' WHERE "OrderId" = {orderId}""");
        await Eventually(async () => (await instance.Logistics.FindAsync(orderId))!.Lines.Single().Name == "Renamed line");

        await ExecuteAsync(database, $"""UPDATE customers SET "FullName" = 'Renamed customer' WHERE "Id" = {before!.CustomerId}""");
        await Eventually(async () => (await instance.Logistics.FindAsync(orderId))!.Customer!.FullName == "Renamed customer");
    }

    [SkippableFact]
    public async Task Truncating_the_orders_forgets_every_copy()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);
        await using var instance = await Instance.StartAsync(database);
        await instance.Logistics.FindAsync(orderId);

        await ExecuteAsync(database, "TRUNCATE orders CASCADE");

        await Eventually(async () => await instance.Logistics.FindAsync(orderId) is null);
    }

    [SkippableFact]
    public async Task Another_instance_hears_of_a_shipment_made_here()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);
        await using var here = await Instance.StartAsync(database);
        await using var there = await Instance.StartAsync(database);
        await there.Logistics.FindAsync(orderId);
        Assert.True(there.Cache.TryGet(orderId, out _));

        await here.Logistics.ShipAsync(orderId, "UPS", "1Z-9", "lou");

        await Eventually(async () => (await there.Logistics.FindAsync(orderId))!.Status == OrderStatus.Shipped);
    }

    [SkippableFact]
    public async Task Losing_the_listening_connection_empties_the_cache_until_listening_resumes()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);
        await using var instance = await Instance.StartAsync(database);
        await instance.Logistics.FindAsync(orderId);
        Assert.Equal(1, instance.Cache.Count);

        var databaseName = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        await ExecuteAsync(database, $"""
            SELECT pg_terminate_backend(pid) FROM pg_stat_activity
            WHERE application_name = '{DatabaseChangeListener.ApplicationName}' AND datname = '{databaseName}'
            """);
        await Eventually(() => Task.FromResult(!instance.Cache.IsLive));
        Assert.Equal(0, instance.Cache.Count);
        // Changed while nobody listened: the cache must not have a copy from before to serve afterwards.
        await ExecuteAsync(database, $"""UPDATE orders SET "Carrier" = 'While dark' WHERE "Id" = {orderId}""");
        Assert.Equal("While dark", (await instance.Logistics.FindAsync(orderId))!.Carrier);

        await Eventually(() => Task.FromResult(instance.Listener.Connections == 2 && instance.Cache.IsLive));
        Assert.Equal("While dark", (await instance.Logistics.FindAsync(orderId))!.Carrier);
        Assert.Equal("While dark", (await instance.Logistics.FindAsync(orderId))!.Carrier);
        Assert.True(instance.Cache.Hits >= 1);
    }

    [SkippableFact]
    public async Task A_listening_connection_that_silently_dies_is_noticed_and_the_cache_goes_dark()
    {
        var database = await DatabaseAsync();
        var orderId = await ShopData.PaidOrderAsync(database);
        var direct = new NpgsqlConnectionStringBuilder(database.ConnectionString);
        await using var relay = new TcpRelay(direct.Host!, direct.Port);
        var relayed = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Host = "127.0.0.1", Port = relay.Port }.ConnectionString;
        var cache = new OrderReadCache(Options.Create(new OrderReadCacheOptions()));
        var listener = new DatabaseChangeListener([cache],
            Options.Create(new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = relayed }),
            NullLogger<DatabaseChangeListener>.Instance) { PingEvery = TimeSpan.FromMilliseconds(300), PingTimeout = TimeSpan.FromSeconds(1) };
        await listener.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(cache.IsLive));
            var logistics = new LogisticsService(new TestDbContextFactory(database), TimeProvider.System, cache);
            await logistics.FindAsync(orderId);
            Assert.Equal(1, cache.Count);

            relay.Blackhole(); // no error, no close: notifications just stop arriving

            await Eventually(() => Task.FromResult(!cache.IsLive));
            Assert.Equal(0, cache.Count);
        }
        finally
        {
            await listener.StopAsync(CancellationToken.None);
            listener.Dispose();
        }
    }

    private static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + NotificationWait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Not so after {NotificationWait.TotalSeconds} s.");
            await Task.Delay(20);
        }
    }

    /// <summary>One app instance's worth of order reading: its cache, its listener and the logistics service.</summary>
    private sealed class Instance : IAsyncDisposable
    {
        private Instance(TestDatabase database)
        {
            Cache = new OrderReadCache(Options.Create(new OrderReadCacheOptions()));
            Listener = new DatabaseChangeListener([Cache],
                Options.Create(new DatabaseOptions { Provider = DatabaseOptions.Postgres, ConnectionString = database.ConnectionString }),
                NullLogger<DatabaseChangeListener>.Instance);
            Logistics = new LogisticsService(new TestDbContextFactory(database), TimeProvider.System, Cache);
        }

        public OrderReadCache Cache { get; }
        public DatabaseChangeListener Listener { get; }
        public LogisticsService Logistics { get; }

        public static async Task<Instance> StartAsync(TestDatabase database)
        {
            var instance = new Instance(database);
            await instance.Listener.StartAsync(CancellationToken.None);
            await Eventually(() => Task.FromResult(instance.Cache.IsLive));
            return instance;
        }

        public async ValueTask DisposeAsync()
        {
            await Listener.StopAsync(CancellationToken.None);
            Listener.Dispose();
            Cache.Dispose();
        }
    }
}
