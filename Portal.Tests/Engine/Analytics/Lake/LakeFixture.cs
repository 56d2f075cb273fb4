using System.Security.Cryptography;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Demo;
using Portal.Engine.Messaging;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>A demo-like shop in a test database and the real export over a folder object store.</summary>
internal sealed class LakeFixture : IAsyncDisposable
{
    public const string Bucket = "portal-lake";
    private readonly string _root = Directory.CreateTempSubdirectory("portal-lake-").FullName;

    public LakeFixture(TestDatabase database, TimeSpan? pruneAfter = null)
    {
        Database = database;
        Folder = new FileSystemObjectStore(_root);
        Store = Folder;
        Options = Microsoft.Extensions.Options.Options.Create(new LakeOptions { WatermarkOverlap = TimeSpan.Zero, RowGroupSize = 1_000, PruneAfter = pruneAfter ?? TimeSpan.FromMinutes(10) });
        Manifests = new LakeManifestStore(Store, Options);
        Exports = NewExports(Store);
    }

    public TestDatabase Database { get; }
    public FileSystemObjectStore Folder { get; }
    public IObjectStore Store { get; }
    public IOptions<LakeOptions> Options { get; }
    public LakeManifestStore Manifests { get; }
    public LakeExports Exports { get; }

    /// <summary>Another instance's export service on the same database and lake (or the lake behind another store).</summary>
    public LakeExports NewExports(IObjectStore store)
    {
        var manifests = new LakeManifestStore(store, Options);
        var factory = new TestDbContextFactory(Database);
        var exporter = new LakeExporter(store, manifests, new LakePruner(store, manifests, TimeProvider.System, NullLogger<LakePruner>.Instance),
            factory, Options, TimeProvider.System, NullLogger<LakeExporter>.Instance);
        return new LakeExports(exporter, factory, Options, TimeProvider.System, NullLogger<LakeExports>.Instance);
    }

    /// <summary>The demo generator's shop, small, plus storefront and order events in the outbox from last week.</summary>
    public async Task SeedAsync()
    {
        var now = DateTime.UtcNow;
        var generator = new DemoDataGenerator(new DemoOptions { Items = 40, Customers = 30, Orders = 400, Seed = 11 }, now);
        await using var db = Database.NewContext();
        var items = generator.Items();
        db.CatalogItems.AddRange(items);
        var customers = generator.Customers();
        db.Customers.AddRange(customers);
        db.MembershipChanges.AddRange(generator.MembershipChanges(customers));
        await db.SaveChangesAsync();
        db.Orders.AddRange(generator.Orders(items, customers));
        await db.SaveChangesAsync();
        for (var i = 0; i < 50; i++)
        {
            var customer = customers[i % customers.Count];
            db.OutboxMessages.Add(new OutboxMessage
            {
                EventId = Guid.NewGuid(), Family = "orders", Key = $"order-{i}", Type = "portal.orders.completed.v1", Subject = $"orders/{i}",
                Payload = $$"""{"OrderId":{{i}},"CustomerId":{{customer.Id}},"UserId":"user-{{i}}","Email":"{{customer.Email}}","CompletedAt":"2026-11-30T10:00:00Z"}""",
                OccurredAt = now.AddDays(-7).AddMinutes(i * 10),
            });
        }
        await db.SaveChangesAsync();
    }

    public static async Task<string> Sha256Async(IObjectStore store, string key)
    {
        await using var stored = await store.GetAsync(Bucket, key) ?? throw new FileNotFoundException(key);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stored.Content));
    }

    /// <summary>
    /// A plain copy of a lake object DuckDB can read, fetched through the store (the folder store keeps a header in its
    /// files), at its key under a directory of its own so Hive partitions stay in the path.
    /// </summary>
    public async Task<string> PathOfAsync(string key)
    {
        var path = Path.Combine(_root, "read", key);
        if (File.Exists(path)) return path;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var stored = await Store.GetAsync(Bucket, key) ?? throw new FileNotFoundException(key);
        await using (var file = File.Create(path)) await stored.Content.CopyToAsync(file);
        return path;
    }

    /// <summary>Runs a query over a table's files as the manifest lists them (Hive partitions give <c>month</c>).</summary>
    public async Task<List<object?[]>> QueryAsync(LakeManifest manifest, string table, string select)
    {
        var files = new List<string>();
        foreach (var file in manifest.Table(table)!.Partitions.SelectMany(p => p.Files)) files.Add($"'{await PathOfAsync(file.Key)}'");
        var partitioned = LakeTables.Find(table)!.Partitioned ? "true" : "false";
        return await DuckDbAsync($"CREATE VIEW {table} AS SELECT * FROM read_parquet([{string.Join(',', files)}], hive_partitioning={partitioned}); {select}");
    }

    /// <summary>Runs SQL in a fresh in-memory DuckDB (e.g. <c>read_parquet</c> over <see cref="PathOfAsync"/> paths).</summary>
    public static async Task<List<object?[]>> DuckDbAsync(string sql)
    {
        await using var connection = new DuckDBConnection("DataSource=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
