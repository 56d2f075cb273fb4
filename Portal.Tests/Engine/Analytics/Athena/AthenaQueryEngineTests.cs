using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Athena;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Analytics.Query;
using Portal.Tests.Engine.Analytics.Query.DuckDb;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Athena;

/// <summary>
/// The query contract on the Athena engine, against the portal's own Athena-compatible endpoint (<c>/aws/athena</c>)
/// on a real Kestrel loopback port, signed with SigV4 using the demo analyst's key; the endpoint runs the same sample
/// lake on its DuckDB engine.
/// </summary>
public sealed class AthenaQueryEngineTests(AthenaEndpointLake lake) : QueryEngineContractTests, IClassFixture<AthenaEndpointLake>
{
    protected override async Task<QueryEngineFixture> CreateFixtureAsync()
    {
        await lake.EnsurePublishedAsync();
        return lake;
    }

    [Fact]
    public async Task A_wrong_secret_is_refused_as_unavailable_naming_the_setting()
    {
        await lake.EnsurePublishedAsync();
        var engine = lake.CreateEngine(secret: "not-the-secret");

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => engine.RunAsync(new AnalyticsQuery("SELECT 1")));

        Assert.Equal(QueryRefusal.Unavailable, error.Refusal);
        Assert.Contains("Analytics:Athena:AccessKeyId", error.Message);
    }

    [Theory]
    [InlineData("CREATE TABLE t AS SELECT 1")]
    [InlineData("UNLOAD (SELECT 1) TO 's3://portal-lake/x/'")]
    [InlineData("SELECT 1; DROP TABLE sales")]
    public async Task A_writing_statement_is_refused_before_anything_is_sent_to_Athena(string sql)
    {
        await lake.EnsurePublishedAsync();
        // Signed with a wrong secret: anything that reached the endpoint would come back as Unavailable.
        var engine = lake.CreateEngine(secret: "not-the-secret");

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => engine.RunAsync(new AnalyticsQuery(sql)));

        Assert.Equal(QueryRefusal.NotReadOnly, error.Refusal);
    }

    [Fact]
    public async Task Results_longer_than_a_page_are_paged_through()
    {
        await lake.EnsurePublishedAsync();
        var result = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT n FROM unnest(generate_series(1, 2500)) AS t(n) ORDER BY n"));

        Assert.Equal(2500, result.Rows.Count);
        Assert.Equal(Enumerable.Range(1, 2500).Select(n => (long)n), result.Rows.Select(r => (long)r[0]!));
        Assert.False(result.Truncated);
    }

    [Fact]
    public async Task A_row_limit_across_pages_is_flagged()
    {
        await lake.EnsurePublishedAsync();
        var result = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT n FROM unnest(generate_series(1, 2500)) AS t(n) ORDER BY n", MaxRows: 1000));

        Assert.Equal(1000, result.Rows.Count);
        Assert.True(result.Truncated);
    }
}

/// <summary>The whole app on a Kestrel loopback port, its lake holding <see cref="LakeSample"/>, and an Athena engine pointed at it.</summary>
public sealed class AthenaEndpointLake : QueryEngineFixture, IDisposable
{
    private const string DemoKeyId = "AKIAPORTALDEMO0000001";
    private const string DemoSecret = "portal-demo-analyst-secret";
    private readonly PortalAppFactory factory;
    private readonly Lazy<Task> published;

    public AthenaEndpointLake()
    {
        factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Analytics:Lake:Enabled"] = "false",
            ["Analytics:AthenaApi:PollInterval"] = "00:00:00.050",
        });
        factory.UseKestrel(0);
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Endpoint = address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("localhost", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/aws/athena";
        Engine = CreateEngine();
        published = new Lazy<Task>(PublishAsync);
    }

    public string Endpoint { get; }

    public override IAnalyticsQueryEngine Engine { get; }

    public override string DatasetDirectory => Path.Combine(factory.DataDirectory, "lake-cache");

    public Task EnsurePublishedAsync() => published.Value;

    public IAnalyticsQueryEngine CreateEngine(string secret = DemoSecret) =>
        new AthenaQueryEngine(
            new AthenaClient(Options(secret), new SocketsHttpHandler()),
            Microsoft.Extensions.Options.Options.Create(Options(secret)),
            Microsoft.Extensions.Options.Options.Create(new QueryOptions()),
            TimeProvider.System);

    private AthenaOptions Options(string secret) => new()
    {
        ServiceUrl = Endpoint, Region = "us-east-1", Database = "portal", AccessKeyId = DemoKeyId, SecretAccessKey = secret,
        FirstPollDelay = TimeSpan.FromMilliseconds(25), MaxPollDelay = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The lake's files and the endpoint's DuckDB cache (query results and execution records are the endpoint's to write).</summary>
    public override Task<string> FingerprintAsync() =>
        Task.FromResult(FingerprintOf(Path.Combine(factory.DataDirectory, "objects", DuckDbLake.Bucket, "lake"), DatasetDirectory));

    private async Task PublishAsync()
    {
        var store = factory.Services.GetRequiredService<IObjectStore>();
        await store.EnsureBucketAsync(DuckDbLake.Bucket);
        await LakeSample.WriteAsync(new LakeDatasetWriter(store, DuckDbLake.Bucket));
    }

    // The class fixture owns the app; the contract's per-test dispose leaves it running.
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Dispose() => factory.Dispose();
}
