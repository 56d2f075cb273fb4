using Microsoft.EntityFrameworkCore;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Data;
using Portal.Engine.Ordering;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>
/// The export into an S3-protocol store (PORTAL_TEST_S3; scripts/peers/s3.sh starts s3rver) and the DuckDB engine
/// reading it through its checksum-verified mirror, as the app runs them with <c>ObjectStore:Provider=S3</c>.
/// Each test has a bucket of its own, removed after it.
/// </summary>
public sealed class S3LakeExportTests() : ProviderSuite(DatabaseOptions.Sqlite)
{
    private S3ObjectStore? _s3;
    private string? _bucket;

    private async Task<LakeFixture> LakeAsync(TimeSpan? pruneAfter = null)
    {
        var url = PeerRequirement.Require("PORTAL_TEST_S3", "An S3-protocol server");
        _s3 = new S3ObjectStore(ObjectStoreServiceCollectionExtensions.CreateS3Client(new ObjectStoreOptions.S3Settings
        {
            ServiceUrl = url, AccessKey = "S3RVER", SecretKey = "S3RVER", ForcePathStyle = true, CompatibilityMode = true,
        }));
        _bucket = $"lake-{Guid.NewGuid():N}"[..21];
        var lake = new LakeFixture(await DatabaseAsync(), pruneAfter, _s3, _bucket);
        await lake.SeedAsync();
        return lake;
    }

    public override async Task DisposeAsync()
    {
        if (_s3 is not null)
        {
            await _s3.DeleteBucketAsync(_bucket!);
            _s3.Client.Dispose();
        }
        await base.DisposeAsync();
    }

    [SkippableFact]
    public async Task The_engine_reads_the_export_from_S3_and_moves_to_a_new_run_only_when_its_manifest_is_swapped_in()
    {
        await using var lake = await LakeAsync();
        var (engine, _) = lake.NewEngine();
        var none = await Assert.ThrowsAsync<AnalyticsQueryException>(() => engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM orders")));
        Assert.Equal(QueryRefusal.Unavailable, none.Refusal);

        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var first = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(run.RunId, first.Version);
        Assert.NotNull(await lake.Store.HeadAsync(lake.BucketName, LakeKeys.ManifestVersion(first.Version)));
        foreach (var file in Files(first)) Assert.Equal(file.Sha256, await LakeFixture.Sha256Async(lake.Store, file.Key, lake.BucketName));
        await using (var db = lake.Database.NewContext())
        {
            var orders = await db.Orders.ToListAsync();
            var totals = await engine.RunAsync(new AnalyticsQuery("SELECT count(*), sum(total) FROM orders"));
            Assert.Equal((long)orders.Count, Convert.ToInt64(totals.Rows[0][0]));
            Assert.Equal(orders.Sum(o => o.Total), Convert.ToDecimal(totals.Rows[0][1]));
            var sales = await engine.RunAsync(new AnalyticsQuery("SELECT count(*), sum(line_total) FROM sales"));
            Assert.Equal((long)await db.OrderLines.CountAsync(), Convert.ToInt64(sales.Rows[0][0]));
            Assert.Equal(await db.OrderLines.SumAsync(l => l.LineTotal), Convert.ToDecimal(sales.Rows[0][1]));
            Assert.Equal((long)await db.CatalogItems.CountAsync(), await CountAsync(engine, "SELECT count(*) FROM catalog"));
        }
        Assert.Equal(50L, await CountAsync(engine, "SELECT count(*) FROM events"));

        // A run that fails after writing some of its files publishes nothing: the engine keeps answering from the first run.
        var month = await ShipAnOldOrderAsync(lake.Database);
        var failing = new FailingObjectStore(lake.Store, key => key.StartsWith("lake/orders/", StringComparison.Ordinal));
        Assert.Equal(LakeExportOutcome.Failed, (await lake.NewExports(failing).RunAsync(LakeExportTrigger.Schedule)).Outcome);
        Assert.Equal(first.Version, (await lake.Manifests.CurrentAsync())!.Version);
        Assert.Equal(0L, await CountAsync(engine, "SELECT count(*) FROM orders WHERE carrier = 'LakeTest'"));

        // The next run rewrites only the month the shipped order was placed in; the engine follows the swapped manifest.
        var incremental = await lake.Exports.RunAsync(LakeExportTrigger.Schedule);

        Assert.True(incremental.Outcome == LakeExportOutcome.Succeeded, incremental.Error);
        Assert.Equal(2, incremental.PartitionsWritten);
        var second = (await lake.Manifests.CurrentAsync())!;
        foreach (var table in new[] { "sales", "orders" })
        {
            var old = first.Table(table)!.Partitions.ToDictionary(p => p.Value!);
            foreach (var partition in second.Table(table)!.Partitions)
            {
                if (partition.Value == $"month={month}")
                {
                    Assert.NotEqual(old[partition.Value].Files, partition.Files);
                    Assert.NotNull(await lake.Store.HeadAsync(lake.BucketName, old[partition.Value].Files.Single().Key)); // kept for PruneAfter
                }
                else Assert.Equal(old[partition.Value!].Files, partition.Files);
            }
        }
        foreach (var file in Files(second)) Assert.Equal(file.Sha256, await LakeFixture.Sha256Async(lake.Store, file.Key, lake.BucketName));
        Assert.Equal(1L, await CountAsync(engine, "SELECT count(*) FROM orders WHERE carrier = 'LakeTest'"));
        Assert.Equal(1L, await CountAsync(engine, $"SELECT count(DISTINCT order_id) FROM sales WHERE status = 'Shipped' AND month = '{month}' AND order_id IN (SELECT order_id FROM orders WHERE carrier = 'LakeTest')"));
    }

    [SkippableFact]
    public async Task Running_again_with_no_changes_keeps_every_file_and_the_engines_answers()
    {
        await using var lake = await LakeAsync();
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        var first = (await lake.Manifests.CurrentAsync())!;
        var (engine, mirror) = lake.NewEngine();
        const string Sql = "SELECT month, count(*), sum(total) FROM orders GROUP BY month ORDER BY month";
        var before = await engine.RunAsync(new AnalyticsQuery(Sql));

        var again = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        Assert.True(again.Outcome == LakeExportOutcome.Succeeded, again.Error);
        Assert.Equal(0, again.PartitionsWritten);
        var second = (await lake.Manifests.CurrentAsync())!;
        Assert.True(second.Version > first.Version);
        Assert.Equal(Files(first), Files(second));
        var after = await engine.RunAsync(new AnalyticsQuery(Sql));
        Assert.Equal(second.Version, mirror.Current!.Version);
        Assert.Equal(before.Rows.Select(r => string.Join('|', r)), after.Rows.Select(r => string.Join('|', r)));
        // The mirror holds exactly the files the manifest lists, each at its key.
        Assert.Equal(Files(second).Select(f => mirror.LocalPath(f.Key)).Order(StringComparer.Ordinal),
            Directory.EnumerateFiles(mirror.Directory, "*.parquet", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task With_no_grace_period_superseded_objects_are_deleted_from_the_bucket_after_the_swap()
    {
        await using var lake = await LakeAsync(pruneAfter: TimeSpan.Zero);
        await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        var before = (await lake.Manifests.CurrentAsync())!;
        var month = await ShipAnOldOrderAsync(lake.Database);

        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var after = (await lake.Manifests.CurrentAsync())!;
        var superseded = Files(before).Select(f => f.Key).Except(Files(after).Select(f => f.Key)).ToList();
        Assert.Equal(2, superseded.Count);
        Assert.All(superseded, key => Assert.Contains($"/month={month}/", key));
        var objects = (await lake.Store.ListAsync(lake.BucketName, LakeKeys.Root)).Objects.Select(o => o.Key).ToList();
        Assert.Equal(Files(after).Select(f => f.Key).Order(StringComparer.Ordinal), objects.Where(LakeKeys.IsDataFile).Order(StringComparer.Ordinal));
        var (engine, _) = lake.NewEngine();
        Assert.Equal(1L, await CountAsync(engine, "SELECT count(*) FROM orders WHERE carrier = 'LakeTest'"));
    }

    private static async Task<long> CountAsync(IAnalyticsQueryEngine engine, string sql) =>
        Convert.ToInt64((await engine.RunAsync(new AnalyticsQuery(sql))).Rows[0][0]);

    private static async Task<string> ShipAnOldOrderAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var latest = await db.Orders.MaxAsync(o => o.PlacedAt);
        var order = await db.Orders.Where(o => o.Status == OrderStatus.Paid || o.Status == OrderStatus.Completed)
            .Where(o => o.PlacedAt < latest.AddDays(-62)).OrderBy(o => o.Id).FirstAsync();
        order.Status = OrderStatus.Shipped;
        order.ShippedAt = DateTime.UtcNow;
        order.Carrier = "LakeTest";
        await db.SaveChangesAsync();
        return order.PlacedAt.ToString("yyyy-MM");
    }

    private static List<LakeFile> Files(LakeManifest manifest) => manifest.Tables.SelectMany(t => t.Partitions).SelectMany(p => p.Files).ToList();
}
