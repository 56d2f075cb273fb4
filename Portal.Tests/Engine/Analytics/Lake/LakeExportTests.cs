using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Data;
using Portal.Engine.Ordering;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

public sealed class SqliteLakeExportTests() : LakeExportTests(DatabaseOptions.Sqlite);

public sealed class PostgresLakeExportTests() : LakeExportTests(DatabaseOptions.Postgres);

/// <summary>The Parquet export over a demo-like shop on each provider, read back with DuckDB.</summary>
public abstract class LakeExportTests(string provider) : ProviderSuite(provider)
{
    private async Task<LakeFixture> LakeAsync(TimeSpan? pruneAfter = null)
    {
        var lake = new LakeFixture(await DatabaseAsync(), pruneAfter);
        await lake.SeedAsync();
        return lake;
    }

    [SkippableFact]
    public async Task First_export_writes_every_table_by_month_with_the_shops_counts_and_values_and_no_personal_data()
    {
        await using var lake = await LakeAsync();

        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var manifest = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(run.RunId, manifest.Version);
        Assert.Equal(LakeTables.SchemaVersion, manifest.SchemaVersion);
        await using var db = lake.Database.NewContext();
        var lines = await db.OrderLines.CountAsync();
        var orders = await db.Orders.ToListAsync();
        Assert.Equal(lines, manifest.Table("sales")!.Rows);
        Assert.Equal(orders.Count, manifest.Table("orders")!.Rows);
        Assert.Equal(await db.CatalogItems.CountAsync(), manifest.Table("catalog")!.Rows);
        Assert.Equal(50, manifest.Table("events")!.Rows);
        Assert.True(manifest.Table("membership")!.Rows >= await db.Customers.CountAsync());
        Assert.Equal(orders.Select(o => o.PlacedAt.ToString("yyyy-MM")).Distinct().Order().Select(m => $"month={m}"),
            manifest.Table("orders")!.Partitions.Select(p => p.Value));
        foreach (var file in manifest.Tables.SelectMany(t => t.Partitions).SelectMany(p => p.Files))
        {
            Assert.Equal(file.Sha256, await LakeFixture.Sha256Async(lake.Store, file.Key));
            Assert.Matches(@"^lake/(\w+/month=\d{4}-\d{2}/part-\d{10}-\d{4}|(catalog|image_embeddings)/part-\d{10})\.parquet$", file.Key);
        }

        var totals = await lake.QueryAsync(manifest, "orders", "SELECT sum(total), count(*), typeof(any_value(total)), typeof(any_value(placed_at)) FROM orders");
        Assert.Equal(orders.Sum(o => o.Total), (decimal)totals[0][0]!);
        Assert.Equal("DECIMAL(12,2)", totals[0][2]);
        Assert.Equal("TIMESTAMP", totals[0][3]);
        var order = orders.OrderBy(o => o.Id).Skip(17).First();
        var read = await lake.QueryAsync(manifest, "orders", $"SELECT placed_at, month, total, status, subtotal FROM orders WHERE order_id = {order.Id}");
        Assert.Equal(order.PlacedAt.Ticks / TimeSpan.TicksPerMillisecond, ((DateTime)read[0][0]!).Ticks / TimeSpan.TicksPerMillisecond);
        Assert.Equal(order.PlacedAt.ToString("yyyy-MM"), read[0][1]);
        Assert.Equal((order.Total, order.Status.ToString(), order.Subtotal), ((decimal)read[0][2]!, (string)read[0][3]!, (decimal)read[0][4]!));
        var sales = await lake.QueryAsync(manifest, "sales", "SELECT sum(line_total), count(DISTINCT customer_key), count(*) FILTER (WHERE membership_tier IS NULL) FROM sales");
        Assert.Equal(await db.OrderLines.SumAsync(l => l.LineTotal), (decimal)sales[0][0]!);
        Assert.Equal(orders.Select(o => o.CustomerId).Distinct().Count(), Convert.ToInt32(sales[0][1]));
        Assert.Equal(0L, Convert.ToInt64(sales[0][2]));

        // Nothing that names a person: not an e-mail address, a name or a street anywhere in any table.
        var customers = await db.Customers.ToListAsync();
        var personal = customers.SelectMany(c => new[] { c.Email, c.FullName, c.ShippingAddress.Line1 }).ToHashSet();
        foreach (var table in LakeTables.All)
        {
            var rows = await lake.QueryAsync(manifest, table.Name, $"SELECT * FROM {table.Name}");
            var strings = rows.SelectMany(r => r).OfType<string>().ToList();
            Assert.DoesNotContain(strings, s => s.Contains('@') || personal.Any(s.Contains));
        }
        var eventData = await lake.QueryAsync(manifest, "events", "SELECT data FROM events WHERE sequence = (SELECT min(sequence) FROM events)");
        using var json = JsonDocument.Parse((string)eventData[0][0]!);
        Assert.Matches("^[0-9a-f]{32}$", json.RootElement.GetProperty("CustomerId").GetString());
        Assert.False(json.RootElement.TryGetProperty("Email", out _));
        var ddl = await lake.Store.GetAsync(LakeFixture.Bucket, LakeKeys.AthenaDdl);
        using (var text = new StreamReader(ddl!.Content))
        {
            var sql = await text.ReadToEndAsync();
            Assert.Contains("LOCATION 's3://portal-lake/lake/_athena/symlinks/sales/'", sql);
            Assert.Contains("'storage.location.template'='s3://portal-lake/lake/_athena/symlinks/sales/month=${month}/'", sql);
            Assert.Contains("SymlinkTextInputFormat", sql);
        }
        await AssertSymlinksListExactlyAsync(lake, manifest);
    }

    /// <summary>Every partition's symlink manifest (what Athena reads) lists exactly the files the manifest lists.</summary>
    private static async Task AssertSymlinksListExactlyAsync(LakeFixture lake, LakeManifest manifest)
    {
        foreach (var table in manifest.Tables)
            foreach (var partition in table.Partitions)
            {
                var symlink = await lake.Store.GetAsync(LakeFixture.Bucket, LakeKeys.AthenaSymlink(table.Name, partition.Value));
                Assert.NotNull(symlink);
                using var text = new StreamReader(symlink!.Content);
                Assert.Equal(partition.Files.Select(f => $"s3://{LakeFixture.Bucket}/{f.Key}"), (await text.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            }
    }

    [SkippableFact]
    public async Task Shipping_an_old_order_rewrites_only_its_months_partitions()
    {
        await using var lake = await LakeAsync();
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        var before = (await lake.Manifests.CurrentAsync())!;

        var month = await ShipAnOldOrderAsync(lake.Database);
        var run = await lake.Exports.RunAsync(LakeExportTrigger.Schedule);

        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var after = (await lake.Manifests.CurrentAsync())!;
        foreach (var table in new[] { "sales", "orders" })
        {
            var old = before.Table(table)!.Partitions.ToDictionary(p => p.Value!);
            foreach (var partition in after.Table(table)!.Partitions)
            {
                if (partition.Value == $"month={month}")
                {
                    Assert.NotEqual(old[partition.Value].Files.Single().Key, partition.Files.Single().Key);
                    // Superseded, but a reader that started on the previous manifest may still read it for PruneAfter.
                    Assert.NotNull(await lake.Store.HeadAsync(LakeFixture.Bucket, old[partition.Value].Files.Single().Key));
                }
                else Assert.Equal(old[partition.Value!].Files, partition.Files);
            }
        }
        // sales and orders of that month; today's membership snapshot was taken again but came out the same (shipping
        // changes no count or value), so its file stays; nothing else was read.
        Assert.Equal(2, run.PartitionsWritten);
        foreach (var table in new[] { "catalog", "events", "membership" })
            Assert.Equal(before.Table(table)!.Partitions.SelectMany(p => p.Files), after.Table(table)!.Partitions.SelectMany(p => p.Files));
        var shipped = await lake.QueryAsync(after, "orders", "SELECT count(*) FROM orders WHERE carrier = 'LakeTest'");
        Assert.Equal(1L, Convert.ToInt64(shipped[0][0]));
        // Athena's symlink manifests moved to the new files too; the superseded ones are in none of them.
        await AssertSymlinksListExactlyAsync(lake, after);
    }

    [SkippableFact]
    public async Task Running_again_with_no_changes_publishes_the_same_files_and_checksums()
    {
        await using var lake = await LakeAsync();
        await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        var first = (await lake.Manifests.CurrentAsync())!;

        var again = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        var second = (await lake.Manifests.CurrentAsync())!;
        Assert.True(second.Version > first.Version);
        Assert.Equal(0, again.PartitionsWritten);
        Assert.Equal(Files(first), Files(second));
        Assert.Equal(first.Watermarks, second.Watermarks);
    }

    [SkippableFact]
    public async Task A_run_cancelled_after_its_first_table_leaves_the_previous_dataset_whole()
    {
        await using var lake = await LakeAsync();
        await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        var before = (await lake.Manifests.CurrentAsync())!;
        await ShipAnOldOrderAsync(lake.Database);

        using var cancel = new CancellationTokenSource();
        lake.Exports.Progressed += p => { if (p is { TablesDone: 1 }) cancel.Cancel(); };
        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual, cancel.Token);

        Assert.Equal(LakeExportOutcome.Failed, run.Outcome);
        Assert.True(run.PartitionsWritten >= 1, "the run wrote the changed sales partition before it was cancelled");
        var current = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(before.Version, current.Version);
        foreach (var file in Files(before)) Assert.Equal(file.Sha256, await LakeFixture.Sha256Async(lake.Store, file.Key));
        var freshness = await lake.Exports.FreshnessAsync();
        Assert.True(freshness.LastRunFailed);
        Assert.True(freshness.IsStale);
        Assert.Null(lake.Exports.Current);

        // The next run picks the change up.
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        Assert.False((await lake.Exports.FreshnessAsync()).IsStale);
    }

    [SkippableFact]
    public async Task A_store_failing_mid_run_leaves_the_previous_manifest_and_its_files()
    {
        await using var lake = await LakeAsync();
        await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        var before = (await lake.Manifests.CurrentAsync())!;
        await ShipAnOldOrderAsync(lake.Database);

        var failing = new FailingObjectStore(lake.Store, key => key.StartsWith("lake/orders/", StringComparison.Ordinal));
        var run = await lake.NewExports(failing).RunAsync(LakeExportTrigger.Schedule);

        Assert.Equal(LakeExportOutcome.Failed, run.Outcome);
        Assert.Contains("injected", run.Error);
        Assert.Equal(before.Version, (await lake.Manifests.CurrentAsync())!.Version);
        foreach (var file in Files(before)) Assert.Equal(file.Sha256, await LakeFixture.Sha256Async(lake.Store, file.Key));
    }

    [SkippableFact]
    public async Task Two_requests_at_once_make_one_run_and_a_run_on_another_instance_is_joined()
    {
        await using var lake = await LakeAsync();

        var both = await Task.WhenAll(lake.Exports.RunAsync(LakeExportTrigger.Manual), lake.Exports.RunAsync(LakeExportTrigger.Schedule));

        Assert.Equal(both[0].RunId, both[1].RunId);
        await using (var db = lake.Database.NewContext()) Assert.Equal(1, await db.LakeExportRuns.CountAsync());

        // Another instance holds the dataset: a request waits for that run and reports it.
        long theirs;
        await using (var db = lake.Database.NewContext())
        {
            var other = new LakeExportRun { Dataset = LakeFixture.Bucket, Owner = "other-instance", Outcome = LakeExportOutcome.Running, StartedAt = DateTime.UtcNow, HeartbeatAt = DateTime.UtcNow };
            db.LakeExportRuns.Add(other);
            await db.SaveChangesAsync();
            theirs = other.Id;
        }
        var joined = lake.NewExports(lake.Store).RunAsync(LakeExportTrigger.Manual);
        await Task.Delay(700);
        Assert.False(joined.IsCompleted);
        await using (var db = lake.Database.NewContext())
            await db.LakeExportRuns.Where(r => r.Id == theirs).ExecuteUpdateAsync(s => s.SetProperty(r => r.Outcome, LakeExportOutcome.Succeeded).SetProperty(r => r.FinishedAt, DateTime.UtcNow));
        Assert.Equal(theirs, (await joined.WaitAsync(TimeSpan.FromSeconds(10))).RunId);
        await using (var db = lake.Database.NewContext()) Assert.Equal(2, await db.LakeExportRuns.CountAsync());
    }

    [SkippableFact]
    public async Task Membership_history_gives_the_tier_at_order_time_and_tier_changes_are_recorded()
    {
        await using var lake = await LakeAsync();
        await using (var db = lake.Database.NewContext())
        {
            Assert.True(await db.MembershipChanges.CountAsync() > await db.Customers.CountAsync(), "some demo customers upgraded");
            var customer = await db.Customers.OrderBy(c => c.Id).FirstAsync(c => c.Tier != Portal.Engine.Customers.MembershipTier.Platinum);
            customer.Tier += 1;
            await db.SaveChangesAsync();
            var latest = await db.MembershipChanges.Where(m => m.CustomerId == customer.Id).OrderByDescending(m => m.EffectiveFrom).FirstAsync();
            Assert.Equal(customer.Tier, latest.Tier);
        }
        await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        var manifest = (await lake.Manifests.CurrentAsync())!;
        var upgraded = await lake.QueryAsync(manifest, "sales",
            "SELECT count(DISTINCT customer_key) FROM (SELECT customer_key FROM sales GROUP BY customer_key HAVING count(DISTINCT membership_tier) > 1)");
        Assert.True(Convert.ToInt64(upgraded[0][0]) > 0, "some customers ordered on two tiers");
    }

    [SkippableFact]
    public async Task With_no_grace_period_superseded_files_are_deleted_right_after_the_manifest_swap()
    {
        await using var lake = await LakeAsync(pruneAfter: TimeSpan.Zero);
        await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        var before = (await lake.Manifests.CurrentAsync())!;
        var month = await ShipAnOldOrderAsync(lake.Database);

        await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        var after = (await lake.Manifests.CurrentAsync())!;
        var superseded = Files(before).Select(f => f.Key).Except(Files(after).Select(f => f.Key)).ToList();
        Assert.Equal(2, superseded.Count);
        Assert.All(superseded, key => Assert.Contains($"/month={month}/", key));
        foreach (var key in superseded) Assert.Null(await lake.Store.HeadAsync(LakeFixture.Bucket, key));
        foreach (var file in Files(after)) Assert.Equal(file.Sha256, await LakeFixture.Sha256Async(lake.Store, file.Key));
        var objects = await lake.Store.ListAsync(LakeFixture.Bucket, LakeKeys.Root);
        Assert.Equal(Files(after).Select(f => f.Key).Order(StringComparer.Ordinal),
            objects.Objects.Select(o => o.Key).Where(LakeKeys.IsDataFile).Order(StringComparer.Ordinal));
        Assert.Equal([LakeKeys.ManifestVersion(after.Version)], objects.Objects.Select(o => o.Key).Where(k => k.StartsWith(LakeKeys.ManifestHistory)));
    }

    private static async Task<string> ShipAnOldOrderAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var latestMonth = await db.Orders.MaxAsync(o => o.PlacedAt);
        var order = await db.Orders.Where(o => o.Status == OrderStatus.Paid || o.Status == OrderStatus.Completed)
            .Where(o => o.PlacedAt < latestMonth.AddDays(-62)).OrderBy(o => o.Id).FirstAsync();
        order.Status = OrderStatus.Shipped;
        order.ShippedAt = DateTime.UtcNow;
        order.Carrier = "LakeTest";
        await db.SaveChangesAsync();
        return order.PlacedAt.ToString("yyyy-MM");
    }

    private static List<LakeFile> Files(LakeManifest manifest) => manifest.Tables.SelectMany(t => t.Partitions).SelectMany(p => p.Files).ToList();
}
