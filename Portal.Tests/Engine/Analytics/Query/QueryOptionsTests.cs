using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Analytics.Query;

/// <summary><c>AddAnalyticsQuery</c>: the engine <c>Analytics:Engine</c> selects, and wrong settings named at start-up.</summary>
public sealed class QueryOptionsTests
{
    private static IServiceCollection Services(Dictionary<string, string?> settings, string contentRoot)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        services.AddObjectStore(configuration, contentRoot);
        services.AddSingleton<ILakeManifestReader, LakeManifestStore>(); // the lake export's reader, as AddAnalyticsLake registers it
        return services.AddAnalyticsQuery(configuration, contentRoot);
    }

    [Theory]
    [InlineData("Analytics:Engine", "Presto", "Analytics:Engine")]
    [InlineData("Analytics:Query:MaxRows", "0", "Analytics:Query:MaxRows")]
    [InlineData("Analytics:Query:Timeout", "00:00:00", "Analytics:Query:Timeout")]
    [InlineData("Analytics:Query:MaxSqlLength", "10", "Analytics:Query:MaxSqlLength")]
    [InlineData("Analytics:Query:MaxNestingDepth", "0", "Analytics:Query:MaxNestingDepth")]
    [InlineData("Analytics:DuckDb:MemoryLimit", "lots", "Analytics:DuckDb:MemoryLimit")]
    [InlineData("Analytics:DuckDb:Threads", "0", "Analytics:DuckDb:Threads")]
    [InlineData("Analytics:DuckDb:ProcessMemoryCeiling", "most of it", "Analytics:DuckDb:ProcessMemoryCeiling")]
    [InlineData("Analytics:DuckDb:MaxGeneratedValues", "10", "Analytics:DuckDb:MaxGeneratedValues")]
    [InlineData("Analytics:Query:MaxResultBytes", "100", "Analytics:Query:MaxResultBytes")]
    public void A_wrong_setting_is_refused_naming_it(string key, string value, string named)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Services(new() { [key] = value }, Path.GetTempPath()));
        Assert.Contains(named, error.Message);
    }

    [Theory]
    [InlineData("Analytics:Athena:Database")]
    [InlineData("Analytics:Athena:AccessKeyId")]
    [InlineData("Analytics:Athena:SecretAccessKey")]
    [InlineData("Analytics:Athena:Region")]
    public void The_athena_engine_needs_its_settings(string missing)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Analytics:Engine"] = "Athena", ["Analytics:Athena:Region"] = "eu-west-1", ["Analytics:Athena:Database"] = "portal",
            ["Analytics:Athena:AccessKeyId"] = "AKIAEXAMPLE", ["Analytics:Athena:SecretAccessKey"] = "secret",
        };
        settings.Remove(missing);
        var error = Assert.Throws<OptionsValidationException>(() => Services(settings, Path.GetTempPath()));
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Athena_is_selected_by_Analytics_Engine()
    {
        using var provider = Services(new()
        {
            ["Analytics:Engine"] = "athena", ["Analytics:Athena:ServiceUrl"] = "http://127.0.0.1:9/aws/athena", ["Analytics:Athena:Database"] = "portal",
            ["Analytics:Athena:AccessKeyId"] = "AKIAEXAMPLE", ["Analytics:Athena:SecretAccessKey"] = "secret",
        }, Path.GetTempPath()).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        Assert.Equal("athena", provider.GetRequiredService<IAnalyticsQueryEngine>().Name);
    }

    [Fact]
    public async Task DuckDb_is_the_default_engine_with_its_cache_under_the_data_folder()
    {
        var root = Directory.CreateTempSubdirectory("portal-query-").FullName;
        try
        {
            await using var provider = Services(new() { ["Database:DataDirectory"] = "app-data" }, root).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

            var engine = provider.GetRequiredService<IAnalyticsQueryEngine>();
            Assert.Equal("duckdb", engine.Name);
            Assert.Equal(Path.Combine(root, "app-data", "lake-cache"), provider.GetRequiredService<IOptions<DuckDbOptions>>().Value.CacheDirectory);
            var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => engine.RunAsync(new AnalyticsQuery("SELECT 1")));
            Assert.Equal(QueryRefusal.Unavailable, error.Refusal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Lower_limits_asked_by_a_query_apply_and_higher_ones_do_not()
    {
        var limits = new QueryLimits { MaxRows = 100, Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal(5, limits.RowsFor(new AnalyticsQuery("x", MaxRows: 5)));
        Assert.Equal(100, limits.RowsFor(new AnalyticsQuery("x", MaxRows: 5000)));
        Assert.Equal(TimeSpan.FromSeconds(1), limits.TimeoutFor(new AnalyticsQuery("x", Timeout: TimeSpan.FromSeconds(1))));
        Assert.Equal(TimeSpan.FromSeconds(10), limits.TimeoutFor(new AnalyticsQuery("x", Timeout: TimeSpan.FromHours(1))));
    }
}
