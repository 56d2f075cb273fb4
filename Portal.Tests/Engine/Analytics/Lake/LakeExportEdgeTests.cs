using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

public sealed class SqliteLakeExportEdgeTests() : LakeExportEdgeTests(DatabaseOptions.Sqlite);

public sealed class PostgresLakeExportEdgeTests() : LakeExportEdgeTests(DatabaseOptions.Postgres);

/// <summary>The export's files read directly, an empty shop, and the month-end membership history of a first export.</summary>
public abstract class LakeExportEdgeTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task DuckDB_reading_the_files_directly_filters_and_aggregates_timestamps_by_their_statistics()
    {
        await using var lake = new LakeFixture(await DatabaseAsync());
        await lake.SeedAsync();
        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var manifest = (await lake.Manifests.CurrentAsync())!;
        await using var db = lake.Database.NewContext();
        var placed = (await db.Orders.Select(o => o.PlacedAt).ToListAsync()).Order().ToList();
        var since = placed[placed.Count / 2].Date;
        var occurred = await db.OutboxMessages.Select(m => m.OccurredAt).ToListAsync();

        var orders = await FilesAsync(lake, manifest, "orders");
        var filtered = await LakeFixture.DuckDbAsync(
            $"SELECT count(*), min(placed_at), max(placed_at) FROM read_parquet({orders}) WHERE placed_at >= TIMESTAMP '{since:yyyy-MM-dd HH:mm:ss}'");
        Assert.Equal(placed.Count(p => p >= since), Convert.ToInt32(filtered[0][0]));
        Assert.Equal(Millis(placed.First(p => p >= since)), Millis((DateTime)filtered[0][1]!));
        Assert.Equal(Millis(placed[^1]), Millis((DateTime)filtered[0][2]!));
        var oneFile = await lake.PathOfAsync(manifest.Table("orders")!.Partitions[^1].Files.Single().Key);
        var month = await LakeFixture.DuckDbAsync($"SELECT min(placed_at), max(placed_at) FROM read_parquet('{oneFile}')");
        var inMonth = placed.Where(p => p.ToString("yyyy-MM") == placed[^1].ToString("yyyy-MM")).ToList();
        Assert.Equal((Millis(inMonth[0]), Millis(inMonth[^1])), (Millis((DateTime)month[0][0]!), Millis((DateTime)month[0][1]!)));

        var events = await LakeFixture.DuckDbAsync($"SELECT min(occurred_at), max(occurred_at), count(*) FROM read_parquet({await FilesAsync(lake, manifest, "events")}) WHERE occurred_at >= TIMESTAMP '2000-01-01'");
        Assert.Equal((Millis(occurred.Min()), Millis(occurred.Max()), occurred.Count),
            (Millis((DateTime)events[0][0]!), Millis((DateTime)events[0][1]!), Convert.ToInt32(events[0][2])));
    }

    [SkippableFact]
    public async Task Exporting_an_empty_shop_publishes_every_table_empty_and_queryable()
    {
        await using var lake = new LakeFixture(await DatabaseAsync());

        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var manifest = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(LakeTables.All.Select(t => t.Name), manifest.Tables.Select(t => t.Name));
        Assert.All(manifest.Tables, t => Assert.Equal(0, t.Rows));
        var cache = Directory.CreateTempSubdirectory("portal-lake-cache-").FullName;
        try
        {
            var duck = Options.Create(new DuckDbOptions { CacheDirectory = cache, ManifestCheckInterval = TimeSpan.Zero });
            using var mirror = new LakeMirror(lake.Store, lake.Manifests, duck, Options.Create(new LakeOptions { Bucket = LakeFixture.Bucket }), TimeProvider.System, NullLogger<LakeMirror>.Instance);
            var engine = new DuckDbQueryEngine(mirror, new DuckDbSessions(duck, lake.Options), Options.Create(new QueryOptions()));
            foreach (var table in LakeTables.All)
            {
                var result = await engine.RunAsync(new AnalyticsQuery($"SELECT * FROM {table.Name}"));
                Assert.Empty(result.Rows);
                Assert.Equal(table.Columns.Select(c => c.Name).Concat(table.Partitioned ? [LakeTables.PartitionColumn] : []), result.Columns.Select(c => c.Name));
            }
        }
        finally { Directory.Delete(cache, recursive: true); }
        var again = await lake.Exports.RunAsync(LakeExportTrigger.Schedule);
        Assert.True(again.Outcome == LakeExportOutcome.Succeeded, again.Error);

        // And the next run, once there is data, exports it.
        await lake.SeedAsync();
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        Assert.True((await lake.Manifests.CurrentAsync())!.Table("orders")!.Rows > 0);
    }

    [SkippableFact]
    public async Task The_first_export_writes_month_end_membership_snapshots_from_the_tier_history()
    {
        await using var lake = new LakeFixture(await DatabaseAsync());
        await lake.SeedAsync();
        var now = DateTime.UtcNow;
        var thisMonth = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var upgradedAt = thisMonth.AddMonths(-2).AddDays(9);
        var before = thisMonth.AddMonths(-2).AddDays(-1); // the month-end before the upgrade
        var after = thisMonth.AddDays(-1);                // last month's end, after it
        int customerId;
        await using (var db = lake.Database.NewContext())
        {
            var customer = new Customer
            {
                Email = "mover@example.test", FullName = "Tier Mover", Tier = MembershipTier.Gold, MemberSince = thisMonth.AddMonths(-5),
                ShippingAddress = new PostalAddress { Line1 = "1 Way", PostalCode = "1000", City = "Town", Country = "NL" },
            };
            db.Customers.Add(customer);
            db.MembershipChanges.Add(new MembershipChange { Customer = customer, Tier = MembershipTier.Silver, EffectiveFrom = customer.MemberSince });
            db.MembershipChanges.Add(new MembershipChange { Customer = customer, Tier = MembershipTier.Gold, EffectiveFrom = upgradedAt });
            await db.SaveChangesAsync();
            customerId = customer.Id;
        }

        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);

        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var manifest = (await lake.Manifests.CurrentAsync())!;
        var pseudonyms = await Portal.Engine.Analytics.Lake.Export.LakePseudonyms.LoadAsync(new TestDbContextFactory(lake.Database), TimeProvider.System, default);
        var key = pseudonyms.Customer(customerId);
        var tiers = await lake.QueryAsync(manifest, "membership", $"SELECT snapshot_date, tier FROM membership WHERE customer_key = '{key}' ORDER BY snapshot_date");
        var byDay = tiers.ToDictionary(r => (DateOnly)r[0]!, r => (string)r[1]!);
        Assert.Equal("Silver", byDay[DateOnly.FromDateTime(before)]);
        Assert.Equal("Gold", byDay[DateOnly.FromDateTime(after)]);
        Assert.Equal("Gold", byDay[DateOnly.FromDateTime(now)]);
        Assert.DoesNotContain(DateOnly.FromDateTime(thisMonth.AddMonths(-6).AddDays(-1)), byDay.Keys); // not a member yet

        // Month-ends only for the past: one snapshot day per month back to the shop's first month, plus today.
        await using (var db = lake.Database.NewContext())
        {
            var first = new[] { await db.Orders.MinAsync(o => o.PlacedAt), await db.Customers.MinAsync(c => c.MemberSince), await db.MembershipChanges.MinAsync(m => m.EffectiveFrom) }.Min();
            var days = await lake.QueryAsync(manifest, "membership", "SELECT DISTINCT snapshot_date FROM membership ORDER BY 1");
            var expected = new List<DateOnly>();
            for (var m = new DateOnly(first.Year, first.Month, 1); m.AddMonths(1).AddDays(-1) < DateOnly.FromDateTime(now); m = m.AddMonths(1)) expected.Add(m.AddMonths(1).AddDays(-1));
            expected.Add(DateOnly.FromDateTime(now));
            Assert.Equal(expected, days.Select(r => (DateOnly)r[0]!));
        }

        // A second run the same day takes only today's snapshot again; the history stays as written.
        var history = manifest.Table("membership")!.Partitions.Where(p => p.Value != $"month={now:yyyy-MM}").SelectMany(p => p.Files).ToList();
        Assert.NotEmpty(history);
        await using (var db = lake.Database.NewContext())
        {
            var mover = await db.Customers.SingleAsync(x => x.Id == customerId);
            mover.Tier = MembershipTier.Platinum;
            await db.SaveChangesAsync();
        }
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        var second = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(history, second.Table("membership")!.Partitions.Where(p => p.Value != $"month={now:yyyy-MM}").SelectMany(p => p.Files).ToList());
    }

    private static async Task<string> FilesAsync(LakeFixture lake, LakeManifest manifest, string table)
    {
        var paths = new List<string>();
        foreach (var file in manifest.Table(table)!.Partitions.SelectMany(p => p.Files)) paths.Add($"'{await lake.PathOfAsync(file.Key)}'");
        return $"[{string.Join(',', paths)}]";
    }

    private static long Millis(DateTime at) => at.Ticks / TimeSpan.TicksPerMillisecond;
}
