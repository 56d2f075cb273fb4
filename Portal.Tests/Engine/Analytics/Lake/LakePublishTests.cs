using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;
using Quartz;

namespace Portal.Tests.Engine.Analytics.Lake;

public sealed class SqliteLakePublishTests() : LakePublishTests(DatabaseOptions.Sqlite);

public sealed class PostgresLakePublishTests() : LakePublishTests(DatabaseOptions.Postgres);

/// <summary>
/// What Athena sees around the publish (its symlink manifests follow the published manifest, never run ahead of it),
/// the DDL's database, and the Quartz schedule running the export.
/// </summary>
public abstract class LakePublishTests(string provider) : ProviderSuite(provider)
{
    private async Task<LakeFixture> LakeAsync()
    {
        var lake = new LakeFixture(await DatabaseAsync());
        await lake.SeedAsync();
        return lake;
    }

    [SkippableFact]
    public async Task A_run_that_fails_at_the_manifest_swap_leaves_athenas_symlinks_on_the_previous_dataset()
    {
        await using var lake = await LakeAsync();
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        var before = (await lake.Manifests.CurrentAsync())!;
        await ChangeAnItemAsync(lake.Database);

        var failing = new FailingObjectStore(lake.Store, key => key == LakeKeys.Manifest);
        var run = await lake.NewExports(failing).RunAsync(LakeExportTrigger.Schedule);

        Assert.Equal(LakeExportOutcome.Failed, run.Outcome);
        Assert.Contains("injected", run.Error);
        Assert.Equal(before.Version, (await lake.Manifests.CurrentAsync())!.Version);
        await AssertSymlinksListExactlyAsync(lake, before);
    }

    [SkippableFact]
    public async Task Symlinks_a_failed_run_left_behind_the_manifest_are_repaired_by_the_next_run()
    {
        await using var lake = await LakeAsync();
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);
        var first = (await lake.Manifests.CurrentAsync())!;
        await ChangeAnItemAsync(lake.Database);

        var failing = new FailingObjectStore(lake.Store, key => key.StartsWith(LakeKeys.AthenaSymlinkPrefix("catalog"), StringComparison.Ordinal));
        var broken = await lake.NewExports(failing).RunAsync(LakeExportTrigger.Schedule);

        Assert.Equal(LakeExportOutcome.Failed, broken.Outcome);
        var published = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(broken.RunId, published.Version);
        Assert.NotEqual(first.Table("catalog")!.Partitions.Single().Files, published.Table("catalog")!.Partitions.Single().Files);
        Assert.Equal(AthenaSymlinks.Content(LakeFixture.Bucket, first.Table("catalog")!.Partitions.Single()), await SymlinkAsync(lake, "catalog", null));

        // Nothing changed in the shop since: the next run publishes the same files, and puts the symlink right.
        var repair = await lake.Exports.RunAsync(LakeExportTrigger.Schedule);

        Assert.True(repair.Outcome == LakeExportOutcome.Succeeded, repair.Error);
        var current = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(published.Table("catalog")!.Partitions.Single().Files, current.Table("catalog")!.Partitions.Single().Files);
        await AssertSymlinksListExactlyAsync(lake, current);
    }

    [SkippableFact]
    public async Task The_ddl_creates_the_lakes_database_and_its_tables_in_it()
    {
        await using var lake = await LakeAsync();
        Assert.Equal(LakeExportOutcome.Succeeded, (await lake.Exports.RunAsync(LakeExportTrigger.Manual)).Outcome);

        await using var stored = await lake.Store.GetAsync(LakeFixture.Bucket, LakeKeys.AthenaDdl);
        var ddl = await new StreamReader(stored!.Content).ReadToEndAsync();

        Assert.Equal("portal", lake.Options.Value.Database);
        Assert.Contains("CREATE DATABASE IF NOT EXISTS portal;", ddl);
        foreach (var table in LakeTables.All) Assert.Contains($"CREATE EXTERNAL TABLE IF NOT EXISTS portal.{table.Name} (", ddl);
        var other = AthenaDdl.For(LakeFixture.Bucket, "shop_lake");
        Assert.Contains("CREATE DATABASE IF NOT EXISTS shop_lake;", other);
        Assert.Contains("CREATE EXTERNAL TABLE IF NOT EXISTS shop_lake.sales (", other);
        Assert.DoesNotContain("EXISTS portal", other);
    }

    [SkippableFact]
    public async Task The_schedule_setting_registers_the_export_job_and_its_cron_trigger_and_the_job_runs_an_export()
    {
        await using var lake = await LakeAsync();
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:Lake:Enabled"] = "true", ["Analytics:Lake:RunAtStartup"] = "false", ["Analytics:Lake:Schedule"] = "0 0/5 * * * ?",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddAnalyticsLake(settings);
        services.AddSingleton<ILakeExports>(lake.Exports);
        await using var provider = services.BuildServiceProvider();
        var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var job = await scheduler.GetJobDetail(LakeExportJob.Key);
        Assert.Equal(typeof(LakeExportJob), job!.JobType.Type);
        var cron = Assert.IsAssignableFrom<ICronTrigger>(await scheduler.GetTrigger(LakeExportJob.ScheduleKey));
        Assert.Equal(LakeExportJob.Key, cron.JobKey);
        Assert.Equal("0 0/5 * * * ?", cron.CronExpressionString);
        Assert.Equal(TimeZoneInfo.Utc, cron.TimeZone);

        await scheduler.Start();
        try
        {
            await scheduler.TriggerJob(LakeExportJob.Key, new JobDataMap());
            var waited = System.Diagnostics.Stopwatch.StartNew();
            IReadOnlyList<LakeExportRunSummary> runs;
            while ((runs = await lake.Exports.RecentRunsAsync(5)).All(r => r.Outcome == LakeExportOutcome.Running) && waited.Elapsed < TimeSpan.FromSeconds(60))
                await Task.Delay(100);
            var run = Assert.Single(runs);
            Assert.Equal(LakeExportTrigger.Schedule, run.Trigger);
            Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
            Assert.Equal(run.RunId, (await lake.Manifests.CurrentAsync())!.Version);
        }
        finally { await scheduler.Shutdown(true); }
    }

    private static async Task ChangeAnItemAsync(TestDatabase database)
    {
        await using var db = database.NewContext();
        var item = await db.CatalogItems.OrderBy(i => i.Id).FirstAsync();
        item.Price += 1m;
        item.UpdatedAt = DateTime.UtcNow.AddMinutes(1);
        await db.SaveChangesAsync();
    }

    private static async Task<string?> SymlinkAsync(LakeFixture lake, string table, string? partition)
    {
        await using var stored = await lake.Store.GetAsync(LakeFixture.Bucket, LakeKeys.AthenaSymlink(table, partition));
        return stored is null ? null : await new StreamReader(stored.Content).ReadToEndAsync();
    }

    /// <summary>Every partition's symlink manifest lists exactly the manifest's files, and no other symlink is left.</summary>
    private static async Task AssertSymlinksListExactlyAsync(LakeFixture lake, LakeManifest manifest)
    {
        var expected = new HashSet<string>(StringComparer.Ordinal);
        foreach (var table in manifest.Tables)
            foreach (var partition in table.Partitions)
            {
                expected.Add(LakeKeys.AthenaSymlink(table.Name, partition.Value));
                Assert.Equal(AthenaSymlinks.Content(LakeFixture.Bucket, partition), await SymlinkAsync(lake, table.Name, partition.Value));
            }
        var stored = (await lake.Store.ListAsync(LakeFixture.Bucket, "lake/_athena/symlinks/")).Objects.Select(o => o.Key);
        Assert.Equal(expected.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }
}
