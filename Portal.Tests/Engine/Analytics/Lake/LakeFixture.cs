using System.Security.Cryptography;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Demo;
using Portal.Engine.Messaging;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>
/// A demo-like shop in a test database and the real export over an object store: a folder store of its own unless
/// another store (and bucket) is given, such as the S3 peer.
/// </summary>
internal sealed class LakeFixture : IAsyncDisposable
{
    public const string Bucket = "portal-lake";
    private readonly string _root = Directory.CreateTempSubdirectory("portal-lake-").FullName;
    private readonly List<LakeMirror> _mirrors = [];

    public LakeFixture(TestDatabase database, TimeSpan? pruneAfter = null, IObjectStore? store = null, string bucket = Bucket)
    {
        Database = database;
        BucketName = bucket;
        Store = store ?? new FileSystemObjectStore(Path.Combine(_root, "objects"));
        Options = Microsoft.Extensions.Options.Options.Create(new LakeOptions
        {
            Bucket = bucket, WatermarkOverlap = TimeSpan.Zero, RowGroupSize = 1_000, PruneAfter = pruneAfter ?? TimeSpan.FromMinutes(10),
        });
        Manifests = new LakeManifestStore(Store, Options);
        Exports = NewExports(Store);
    }

    public TestDatabase Database { get; }
    public string BucketName { get; }
    public IObjectStore Store { get; }
    public IOptions<LakeOptions> Options { get; }
    public LakeManifestStore Manifests { get; }
    public LakeExports Exports { get; }

    /// <summary>Another instance's export service on the same database and lake (or the lake behind another store).</summary>
    public LakeExports NewExports(IObjectStore store) =>
        new(NewExporter(store), new TestDbContextFactory(Database), Options, TimeProvider.System, NullLogger<LakeExports>.Instance);

    /// <summary>The exporter itself (one run's work, without the run records <see cref="LakeExports"/> keeps).</summary>
    public LakeExporter NewExporter(IObjectStore store)
    {
        var manifests = new LakeManifestStore(store, Options);
        return new LakeExporter(store, manifests, new LakePruner(store, manifests, TimeProvider.System, NullLogger<LakePruner>.Instance),
            new TestDbContextFactory(Database), Options, TimeProvider.System, NullLogger<LakeExporter>.Instance);
    }

    /// <summary>
    /// The DuckDB engine as the app runs it over this lake: a mirror of the published manifest's files in a cache folder
    /// of its own (checking the manifest before every query), read with DuckDB.
    /// </summary>
    public (IAnalyticsQueryEngine Engine, LakeMirror Mirror) NewEngine()
    {
        var cache = Path.Combine(_root, $"cache-{_mirrors.Count}");
        var options = Microsoft.Extensions.Options.Options.Create(new DuckDbOptions { CacheDirectory = cache, ManifestCheckInterval = TimeSpan.Zero });
        var mirror = new LakeMirror(Store, Manifests, options, Options, TimeProvider.System, NullLogger<LakeMirror>.Instance);
        _mirrors.Add(mirror);
        return (new DuckDbQueryEngine(mirror, new DuckDbSessions(options, Options), Microsoft.Extensions.Options.Options.Create(new QueryOptions())), mirror);
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

    public static async Task<string> Sha256Async(IObjectStore store, string key, string bucket = Bucket)
    {
        await using var stored = await store.GetAsync(bucket, key) ?? throw new FileNotFoundException(key);
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
        await using var stored = await Store.GetAsync(BucketName, key) ?? throw new FileNotFoundException(key);
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
        foreach (var mirror in _mirrors) mirror.Dispose();
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { } // a DuckDB connection may still hold a cached file open; the temp folder is cleaned eventually
        return ValueTask.CompletedTask;
    }
}
