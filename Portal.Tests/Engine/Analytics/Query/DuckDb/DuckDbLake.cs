using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>A folder object store holding a lake, and a DuckDB engine mirroring it into its own cache folder.</summary>
public sealed class DuckDbLake : QueryEngineFixture
{
    public const string Bucket = "portal-lake";
    private readonly string root = Directory.CreateTempSubdirectory("portal-duckdb-").FullName;

    public DuckDbLake(QueryLimits? limits = null, TimeSpan? manifestCheckInterval = null, int poolSize = 4, string? memoryCeiling = null, string? database = null)
    {
        Store = new FileSystemObjectStore(StoreDirectory);
        Writer = new LakeDatasetWriter(Store, Bucket);
        var lake = Options.Create(new LakeOptions { Bucket = Bucket, Database = database ?? new LakeOptions().Database });
        DuckOptions = new DuckDbOptions { CacheDirectory = CacheDirectory, ManifestCheckInterval = manifestCheckInterval ?? TimeSpan.Zero, PoolSize = poolSize, ProcessMemoryCeiling = memoryCeiling };
        Manifests = new LakeManifestStore(Store, lake);
        Mirror = new LakeMirror(Store, Manifests, Options.Create(DuckOptions), lake, TimeProvider.System, NullLogger<LakeMirror>.Instance);
        DuckEngine = new DuckDbQueryEngine(Mirror, new DuckDbSessions(Options.Create(DuckOptions), lake), Options.Create(new QueryOptions { Query = limits ?? new QueryLimits() }));
    }

    public static async Task<DuckDbLake> WithSampleAsync(QueryLimits? limits = null, string? memoryCeiling = null, string? database = null)
    {
        var lake = new DuckDbLake(limits, memoryCeiling: memoryCeiling, database: database);
        await lake.Store.EnsureBucketAsync(Bucket);
        await LakeSample.WriteAsync(lake.Writer);
        return lake;
    }

    public string StoreDirectory => Path.Combine(root, "objects");
    public string CacheDirectory => Path.Combine(root, "lake-cache");
    public FileSystemObjectStore Store { get; }
    public LakeDatasetWriter Writer { get; }
    /// <summary>The manifest store the mirror reads, as the export's publish in the same process goes through it.</summary>
    public LakeManifestStore Manifests { get; }
    public DuckDbOptions DuckOptions { get; }
    public LakeMirror Mirror { get; }
    public DuckDbQueryEngine DuckEngine { get; }

    public override IAnalyticsQueryEngine Engine => DuckEngine;
    public override string DatasetDirectory => CacheDirectory;

    public override Task<string> FingerprintAsync() => Task.FromResult(FingerprintOf(StoreDirectory, CacheDirectory));

    public override ValueTask DisposeAsync()
    {
        Mirror.Dispose();
        Directory.Delete(root, recursive: true);
        return ValueTask.CompletedTask;
    }
}

public sealed class DuckDbQueryEngineTests : QueryEngineContractTests
{
    protected override async Task<QueryEngineFixture> CreateFixtureAsync() => await DuckDbLake.WithSampleAsync();

    /// <summary>DuckDB's approx_percentile is its exact quantile_disc: the answer is one of the values, not a point between two.</summary>
    [Fact]
    public async Task Approx_percentile_answers_with_one_of_the_values()
    {
        var result = await RunAsync(
            "SELECT approx_percentile(x, 0.3) AS p30, approx_percentile(x, 0.95) AS p95 FROM (VALUES (1.0), (2.5), (4.0), (10.0), (40.0)) AS t(x)");

        var row = Assert.Single(result.Rows);
        Assert.Equal(2.5, Convert.ToDouble(row[0]));
        Assert.Equal(40.0, Convert.ToDouble(row[1]));
    }
}
