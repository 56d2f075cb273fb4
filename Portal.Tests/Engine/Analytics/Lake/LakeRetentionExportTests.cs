using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Data;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

public sealed class SqliteLakeRetentionExportTests() : LakeRetentionExportTests(DatabaseOptions.Sqlite);

public sealed class PostgresLakeRetentionExportTests() : LakeRetentionExportTests(DatabaseOptions.Postgres);

/// <summary><c>ObjectStore:Lifecycle:KeepExportMonths</c> through a real export: old months leave the manifest, then their files go.</summary>
public abstract class LakeRetentionExportTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task Months_before_the_kept_ones_leave_the_manifest_and_their_files_and_symlinks_are_deleted()
    {
        await using var lake = new LakeFixture(await DatabaseAsync(), pruneAfter: TimeSpan.Zero);
        await lake.SeedAsync();
        var first = await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        Assert.True(first.Outcome == LakeExportOutcome.Succeeded, first.Error);
        var before = (await lake.Manifests.CurrentAsync())!;
        var oldest = LakeKeys.Partition(LakeKeys.MonthOf(DateTime.UtcNow).AddMonths(-1));
        var droppedMonths = before.Table("orders")!.Partitions.Where(p => string.CompareOrdinal(p.Value, oldest) < 0).ToList();
        Assert.NotEmpty(droppedMonths); // the demo shop's orders span more than two months

        var manifests = new LakeManifestStore(lake.Store, lake.Options);
        var exporter = new LakeExporter(lake.Store, manifests, new LakePruner(lake.Store, manifests, TimeProvider.System, NullLogger<LakePruner>.Instance),
            new TestDbContextFactory(lake.Database), lake.Options, TimeProvider.System, NullLogger<LakeExporter>.Instance,
            Options.Create(new ObjectStoreOptions { Lifecycle = new ObjectLifecycleSettings { KeepExportMonths = 1 } }));
        await exporter.ExportAsync(before.Version + 1, _ => { }, CancellationToken.None);

        var after = (await lake.Manifests.CurrentAsync())!;
        Assert.Equal(before.Version + 1, after.Version);
        Assert.All(after.Tables.SelectMany(t => t.Partitions), p => Assert.True(p.Value is null || string.CompareOrdinal(p.Value, oldest) >= 0, p.Value));
        Assert.NotEmpty(after.Table("orders")!.Partitions);
        foreach (var month in droppedMonths)
        {
            foreach (var file in month.Files) Assert.Null(await lake.Store.HeadAsync(LakeFixture.Bucket, file.Key));
            Assert.Null(await lake.Store.HeadAsync(LakeFixture.Bucket, LakeKeys.AthenaSymlink("orders", month.Value)));
        }
    }
}
