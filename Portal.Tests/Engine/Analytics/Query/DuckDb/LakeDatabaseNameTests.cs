using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Athena;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>
/// <c>Analytics:Lake:Database</c> is the one name of the lake's database: DuckDB's qualified names, the export's DDL
/// (LakePublishTests) and the Athena-compatible endpoint's database all follow it.
/// </summary>
public sealed class LakeDatabaseNameTests
{
    [Theory]
    [InlineData("SELECT count(*) FROM shop_lake.sales")]
    [InlineData("SELECT count(*) FROM \"shop_lake\".\"sales\"")]
    [InlineData("SELECT count(*) FROM AwsDataCatalog.shop_lake.sales")]
    [InlineData("SELECT count(*) FROM awsdatacatalog.shop_lake.sales")]
    public async Task Sql_qualified_with_the_configured_database_runs_in_duckdb(string sql)
    {
        await using var lake = await DuckDbLake.WithSampleAsync(database: "shop_lake");

        var result = await lake.Engine.RunAsync(new AnalyticsQuery(sql));

        Assert.Equal(5L, result.Rows[0][0]);
    }

    [Fact]
    public async Task Another_database_name_is_unknown()
    {
        await using var lake = await DuckDbLake.WithSampleAsync(database: "shop_lake");

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM portal.sales")));

        Assert.Equal(QueryRefusal.Invalid, error.Refusal);
    }

    [Fact]
    public void The_athena_endpoint_answers_for_the_lakes_database_and_has_no_setting_of_its_own()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Analytics:Lake:Enabled"] = "false", ["Analytics:Lake:Database"] = "shop_lake", ["Analytics:AthenaApi:Database"] = "ignored",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddAnalyticsLake(settings).AddAthenaExecutions(settings).BuildServiceProvider();

        Assert.Equal("shop_lake", provider.GetRequiredService<IOptions<AthenaApiOptions>>().Value.Database);
        Assert.Equal("portal", new LakeOptions().Database);
    }

    [Theory]
    [InlineData("Portal")]
    [InlineData("portal-lake")]
    [InlineData("1lake")]
    [InlineData("")]
    public void A_database_name_athena_and_duckdb_cannot_both_take_bare_stops_start_up_naming_the_setting(string name)
    {
        var result = new LakeOptionsValidator().Validate(null, new LakeOptions { Database = name });

        Assert.Contains(result.Failures!, f => f.StartsWith("Analytics:Lake:Database", StringComparison.Ordinal));
    }
}
