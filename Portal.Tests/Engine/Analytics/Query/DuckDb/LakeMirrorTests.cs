using System.Diagnostics;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Xunit.Abstractions;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>The DuckDB engine's local mirror: versions swapped atomically, checksums, files reused and dropped.</summary>
public sealed class LakeMirrorTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly DuckDbLake lake = new();

    public async Task InitializeAsync() => await lake.Store.EnsureBucketAsync(DuckDbLake.Bucket);

    public async Task DisposeAsync() => await lake.DisposeAsync();

    private async Task<long> CountAsync(string table = "sales") =>
        (long)(await lake.Engine.RunAsync(new AnalyticsQuery($"SELECT count(*) FROM {table}"))).Rows[0][0]!;

    private static Dictionary<string, object?> Line(long id) => new() { ["order_id"] = id, ["line_id"] = id, ["quantity"] = 1, ["line_total"] = 1.00m };

    private string[] CachedFiles() => Directory.Exists(lake.CacheDirectory)
        ? Directory.GetFiles(lake.CacheDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(lake.CacheDirectory, f)).Order().ToArray()
        : [];

    [Fact]
    public async Task Before_the_first_export_queries_are_unavailable()
    {
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery("SELECT 1")));

        Assert.Equal(QueryRefusal.Unavailable, error.Refusal);
        Assert.Contains("not exported yet", error.Message);
    }

    [Fact]
    public async Task A_new_version_swaps_in_while_a_query_in_flight_keeps_its_files()
    {
        var old = await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1), Line(2)]);
        await lake.Writer.PublishAsync(1);
        Assert.Equal(2, await CountAsync());
        var inFlight = await lake.Mirror.AcquireAsync();

        lake.Writer.Clear();
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-11", "part-2-0.parquet", [Line(3)]);
        await lake.Writer.PublishAsync(2);

        Assert.Equal(1, await CountAsync());
        Assert.Equal(1, inFlight!.Snapshot.Version);
        Assert.True(File.Exists(lake.Mirror.LocalPath(old.Key)), "a version still in use lost its file");

        inFlight.Dispose();
        Assert.Equal(1, await CountAsync());
        Assert.Equal([Path.Combine("lake", "sales", "month=2026-11", "part-2-0.parquet")], CachedFiles().Where(f => !f.StartsWith('.')));
    }

    [Fact]
    public async Task Files_already_mirrored_are_not_fetched_again()
    {
        var kept = await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1), Line(2)]);
        await lake.Writer.PublishAsync(1);
        Assert.Equal(2, await CountAsync());
        var mirrored = File.GetLastWriteTimeUtc(lake.Mirror.LocalPath(kept.Key));

        // The object is gone from the store: version 2 can only work if the mirrored copy is reused.
        await lake.Store.DeleteAsync(DuckDbLake.Bucket, kept.Key);
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-11", "part-2-0.parquet", [Line(3)]);
        await lake.Writer.PublishAsync(2);

        Assert.Equal(3, await CountAsync());
        Assert.Equal(mirrored, File.GetLastWriteTimeUtc(lake.Mirror.LocalPath(kept.Key)));
    }

    [Fact]
    public async Task A_file_that_does_not_match_its_checksum_is_refused_and_the_previous_version_stays()
    {
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1), Line(2)]);
        await lake.Writer.PublishAsync(1);
        Assert.Equal(2, await CountAsync());

        var bad = await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-11", "part-2-0.parquet", [Line(3)]);
        await lake.Store.PutAsync(DuckDbLake.Bucket, bad.Key, new MemoryStream(await LakeDatasetWriter.ParquetBytesAsync(LakeTables.Sales, [Line(4), Line(5)])), "application/octet-stream");
        await lake.Writer.PublishAsync(2);

        Assert.Equal(2, await CountAsync());
        Assert.Equal(1, lake.Mirror.Current!.Version);
        Assert.False(File.Exists(lake.Mirror.LocalPath(bad.Key)));
    }

    [Fact]
    public async Task A_corrupt_first_version_is_unavailable_with_the_reason()
    {
        var bad = await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1)]);
        await lake.Store.PutAsync(DuckDbLake.Bucket, bad.Key, new MemoryStream([1, 2, 3]), "application/octet-stream");
        await lake.Writer.PublishAsync(1);

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery("SELECT 1")));
        Assert.Equal(QueryRefusal.Unavailable, error.Refusal);
        Assert.Contains("SHA-256", error.Message);
    }

    [Fact]
    public async Task Files_left_in_the_cache_that_no_version_lists_are_removed()
    {
        var stray = Path.Combine(lake.CacheDirectory, "lake", "sales", "month=2020-01", "part-old.parquet");
        Directory.CreateDirectory(Path.GetDirectoryName(stray)!);
        await File.WriteAllTextAsync(stray, "left over");
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1)]);
        await lake.Writer.PublishAsync(1);

        Assert.Equal(1, await CountAsync());
        Assert.False(File.Exists(stray));
    }

    [Fact]
    public async Task A_table_missing_from_the_manifest_is_empty_with_its_columns()
    {
        await lake.Writer.AddFileAsync(LakeTables.Sales, "2026-10", "part-1-0.parquet", [Line(1)]);
        await lake.Writer.PublishAsync(1);

        var result = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT * FROM events"));
        Assert.Empty(result.Rows);
        Assert.Equal(LakeTables.Events.Columns.Count + 1, result.Columns.Count);
    }

    [Fact]
    public async Task Pooled_connections_against_one_per_query()
    {
        await LakeSample.WriteAsync(lake.Writer);
        const string sql = "SELECT category, sum(line_total) FROM sales GROUP BY category";
        await CountAsync();

        async Task<TimeSpan> MedianAsync(DuckDbLake engineLake)
        {
            var times = new List<TimeSpan>();
            for (var i = 0; i < 15; i++)
            {
                var clock = Stopwatch.StartNew();
                await engineLake.Engine.RunAsync(new AnalyticsQuery(sql));
                times.Add(clock.Elapsed);
            }
            return times.Order().ElementAt(times.Count / 2);
        }

        await using var unpooled = new DuckDbLake(poolSize: 0);
        await unpooled.Store.EnsureBucketAsync(DuckDbLake.Bucket);
        await LakeSample.WriteAsync(unpooled.Writer);
        var perQuery = await MedianAsync(unpooled);
        var pooled = await MedianAsync(lake);
        output.WriteLine($"median per query: pooled {pooled.TotalMilliseconds:0.0} ms, new connection each time {perQuery.TotalMilliseconds:0.0} ms");
        Assert.True(pooled < perQuery, $"pooled {pooled} should beat a new connection per query {perQuery}");
    }
}
