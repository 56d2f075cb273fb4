using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>
/// What the engine keeps between queries (pooled connections with their views, the manifest's tag, parse verdicts)
/// never outlives the dataset version it was made for.
/// </summary>
public sealed class WarmSessionsTests : IAsyncLifetime
{
    private readonly DuckDbLake lake = new(manifestCheckInterval: TimeSpan.FromHours(1));

    public async Task InitializeAsync() => await lake.Store.EnsureBucketAsync(DuckDbLake.Bucket);

    public async Task DisposeAsync() => await lake.DisposeAsync();

    private static Dictionary<string, object?> Line(long id, string? name = null) =>
        new() { ["order_id"] = id, ["line_id"] = id, ["quantity"] = 1, ["line_total"] = 1.00m, ["item_name"] = name };

    /// <summary>The sales table as an older export wrote it: without item_name.</summary>
    private static readonly LakeTable OlderSales = LakeTables.Sales with { Columns = [.. LakeTables.Sales.Columns.Where(c => c.Name != "item_name")] };

    private async Task<object?[]> RowAsync(string sql) => (await lake.Engine.RunAsync(new AnalyticsQuery(sql))).Rows.Single();

    [Fact]
    public async Task An_export_published_in_this_process_is_seen_by_the_next_query_however_long_the_check_interval()
    {
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1)]);
        await lake.Manifests.PublishAsync(await lake.Writer.PublishAsync(1), CancellationToken.None);
        Assert.Equal(1L, (await RowAsync("SELECT count(*) FROM sales"))[0]);

        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-11", "part-2-0.parquet", [Line(2), Line(3)]);
        await lake.Manifests.PublishAsync(await lake.Writer.PublishAsync(2), CancellationToken.None);
        Assert.Equal(3L, (await RowAsync("SELECT count(*) FROM sales"))[0]);

        // A manifest written by someone else (another instance) waits for the check interval, an hour here.
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-12", "part-3-0.parquet", [Line(4)]);
        await lake.Writer.PublishAsync(3);
        Assert.Equal(3L, (await RowAsync("SELECT count(*) FROM sales"))[0]);
        Assert.Equal(2, lake.Mirror.Current!.Version);
    }

    [Fact]
    public async Task A_new_version_gets_new_views_and_files_of_two_schema_versions_are_read_by_name()
    {
        await lake.Writer.AddFileAsync(OlderSales, "2026-10", "part-1-0.parquet", [Line(1)]);
        await lake.Manifests.PublishAsync(await lake.Writer.PublishAsync(1), CancellationToken.None);
        Assert.Equal([1L, null], await RowAsync("SELECT count(*), max(item_name) FROM sales"));

        // Version 2 keeps the older file and adds one with item_name: the pooled connections of version 1 (whose view
        // has no item_name in its files) must not answer.
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-11", "part-2-0.parquet", [Line(2, "Mug")]);
        await lake.Manifests.PublishAsync(await lake.Writer.PublishAsync(2), CancellationToken.None);
        Assert.Equal([2L, "Mug", 1L], await RowAsync("SELECT count(*), max(item_name), count(item_name) FROM sales"));
        Assert.Equal(["2026-10", null], await RowAsync("SELECT month, item_name FROM sales WHERE order_id = 1"));
    }

    [Fact]
    public async Task The_manifest_is_read_again_only_when_its_tag_changes()
    {
        var counting = new CountingReader(lake.Manifests);
        var options = Options.Create(new DuckDbOptions { CacheDirectory = Path.Combine(lake.CacheDirectory, "..", "counted"), ManifestCheckInterval = TimeSpan.Zero });
        using var mirror = new LakeMirror(lake.Store, counting, options, Options.Create(new LakeOptions { Bucket = DuckDbLake.Bucket }), TimeProvider.System, NullLogger<LakeMirror>.Instance);
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1)]);
        await lake.Writer.PublishAsync(1);

        for (var i = 0; i < 5; i++) (await mirror.AcquireAsync())!.Dispose();
        Assert.Equal(1, counting.Reads);
        Assert.Equal(5, counting.Tags);

        await lake.Writer.PublishAsync(2);
        using var lease = await mirror.AcquireAsync();
        Assert.Equal(2, lease!.Snapshot.Version);
        Assert.Equal(2, counting.Reads);
    }

    [Fact]
    public async Task A_refused_statement_is_refused_every_time_and_a_passed_text_passes_only_as_itself()
    {
        await LakeSample.WriteAsync(lake.Writer);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(1, (await RowAsync("SELECT 1"))[0]);
            var refused = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery("SELECT 1; COPY sales TO 'x.csv'")));
            Assert.Equal(QueryRefusal.NotReadOnly, refused.Refusal);
            refused = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery("SELECT 1 /* */; ATTACH 'x.db'")));
            Assert.Equal(QueryRefusal.NotReadOnly, refused.Refusal);
        }
    }

    private sealed class CountingReader(ILakeManifestReader inner) : ILakeManifestReader
    {
        public int Reads, Tags;

        public Task<LakeManifest?> CurrentAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Reads);
            return inner.CurrentAsync(cancellationToken);
        }

        public Task<string?> TagAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Tags);
            return inner.TagAsync(cancellationToken);
        }
    }
}
