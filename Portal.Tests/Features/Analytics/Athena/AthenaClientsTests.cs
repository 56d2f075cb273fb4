using System.Text.Json;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>
/// An analyst's unchanged boto3 and AWS CLI code against the app on a real loopback port, signed with the demo
/// analyst's key: start, poll, page through results (more than 1000 rows), and AWS's errors for a wrong secret.
/// </summary>
public sealed class AthenaClientsTests(AthenaClientsFixture app) : IClassFixture<AthenaClientsFixture>
{
    private static string Script => Path.Combine(AppContext.BaseDirectory, "Features", "Analytics", "Athena", "athena_boto3.py");

    /// <summary>2,500 rows from the lake (sales has more lines than that in the fixture's export), in a fixed order.</summary>
    public const string ManyRowsSql = AthenaLakeData.ManyRowsSql;

    [SkippableFact]
    public async Task Boto3_starts_a_query_polls_until_it_succeeds_and_pages_through_more_than_1000_rows()
    {
        await AthenaClientsFixture.RequireClientsAsync();
        await AthenaLakeData.EnsureAsync(app.Factory);

        var (exit, output, error) = await AthenaClientsFixture.RunAsync("python3", [Script, "query", ManyRowsSql], app.Endpoint);

        Assert.True(exit == 0, $"boto3 script failed ({exit}): {error}\n{output}");
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("SUCCEEDED", result.GetProperty("state").GetString());
        Assert.True(result.GetProperty("submitted_is_datetime").GetBoolean());
        Assert.True(result.GetProperty("listed").GetBoolean());
        var id = result.GetProperty("id").GetString();
        Assert.Equal($"s3://portal-lake/athena-results/{id}.csv", result.GetProperty("output").GetString());
        Assert.Equal(AthenaLakeData.ManyRowsHeader, result.GetProperty("header").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(AthenaLakeData.ManyRowsTypes, result.GetProperty("types").EnumerateArray().Select(h => h.GetString()));
        var pageSizes = result.GetProperty("page_sizes").EnumerateArray().Select(p => p.GetInt32()).ToList();
        Assert.Equal([1000, 1000, 501], pageSizes); // header + 999 rows, then 1000, then the last 501
        var rows = result.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetString()).ToArray()).ToList();
        AthenaLakeData.AssertManyRows(rows);
    }

    [SkippableFact]
    public async Task Boto3_pages_a_result_at_the_row_limit_whole_and_a_result_past_it_fails_naming_the_setting()
    {
        await AthenaClientsFixture.RequireClientsAsync();
        await AthenaLakeData.EnsureAsync(app.Factory);
        static string Rows(int count) => $"SELECT n FROM unnest(generate_series(1, {count})) AS t(n) ORDER BY n";

        var (exit, output, error) = await AthenaClientsFixture.RunAsync("python3", [Script, "query", Rows(AthenaClientsFixture.RowLimit)], app.Endpoint);
        Assert.True(exit == 0, $"boto3 script failed ({exit}): {error}\n{output}");
        var atLimit = JsonDocument.Parse(output).RootElement;
        Assert.Equal("SUCCEEDED", atLimit.GetProperty("state").GetString());
        Assert.Equal([1000, 1000, 1000, 1], atLimit.GetProperty("page_sizes").EnumerateArray().Select(p => p.GetInt32()));
        var values = atLimit.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, AthenaClientsFixture.RowLimit).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)), values);

        (exit, output, error) = await AthenaClientsFixture.RunAsync("python3", [Script, "query", Rows(AthenaClientsFixture.RowLimit + 1)], app.Endpoint);
        Assert.True(exit == 0, $"boto3 script failed ({exit}): {error}\n{output}");
        var past = JsonDocument.Parse(output).RootElement;
        Assert.Equal("FAILED", past.GetProperty("state").GetString());
        Assert.Contains($"more than {AthenaClientsFixture.RowLimit} rows", past.GetProperty("reason").GetString());
        Assert.Contains("Analytics:Query:MaxRows", past.GetProperty("reason").GetString());
        Assert.Equal("InvalidRequestException", past.GetProperty("results_error").GetString());
    }

    [SkippableFact]
    public async Task The_AWS_CLI_starts_a_query_and_reads_its_execution_and_results()
    {
        await AthenaClientsFixture.RequireClientsAsync();
        await AthenaLakeData.EnsureAsync(app.Factory);
        var endpoint = new[] { "--endpoint-url", app.Endpoint, "--output", "json" };

        var (exit, output, error) = await AthenaClientsFixture.RunAsync("aws",
            ["athena", "start-query-execution", "--query-string", AthenaLakeData.SmallSql, "--query-execution-context", "Database=portal", .. endpoint], app.Endpoint);
        Assert.True(exit == 0, $"start-query-execution failed ({exit}): {error}");
        var id = JsonDocument.Parse(output).RootElement.GetProperty("QueryExecutionId").GetString()!;

        string state;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        do
        {
            (exit, output, error) = await AthenaClientsFixture.RunAsync("aws", ["athena", "get-query-execution", "--query-execution-id", id, .. endpoint], app.Endpoint);
            Assert.True(exit == 0, $"get-query-execution failed ({exit}): {error}");
            state = JsonDocument.Parse(output).RootElement.GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString()!;
        } while (state is "QUEUED" or "RUNNING" && DateTime.UtcNow < deadline);
        Assert.Equal("SUCCEEDED", state);

        (exit, output, error) = await AthenaClientsFixture.RunAsync("aws", ["athena", "get-query-results", "--query-execution-id", id, .. endpoint], app.Endpoint);
        Assert.True(exit == 0, $"get-query-results failed ({exit}): {error}");
        var resultSet = JsonDocument.Parse(output).RootElement.GetProperty("ResultSet");
        AthenaLakeData.AssertSmall(resultSet);
    }

    [SkippableFact]
    public async Task Boto3_with_a_wrong_secret_gets_the_AWS_signature_error()
    {
        await AthenaClientsFixture.RequireClientsAsync();

        var (exit, output, error) = await AthenaClientsFixture.RunAsync("python3", [Script, "denied"], app.Endpoint, secret: "not-the-secret");

        Assert.True(exit == 0, $"boto3 script failed ({exit}): {error}");
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("InvalidSignatureException", result.GetProperty("error").GetString());
        Assert.Contains("signature", result.GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task The_AWS_CLI_with_an_unknown_key_is_refused()
    {
        await AthenaClientsFixture.RequireClientsAsync();

        var (exit, _, error) = await AthenaClientsFixture.RunAsync("aws", ["athena", "list-query-executions", "--endpoint-url", app.Endpoint],
            app.Endpoint, keyId: "AKIANOSUCHKEY0000000");

        Assert.NotEqual(0, exit);
        Assert.Contains("UnrecognizedClientException", error);
    }
}
