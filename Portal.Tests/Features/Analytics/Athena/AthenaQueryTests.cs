using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>Queries through /aws/athena on the DuckDB engine over a published lake: states, failures as Athena reports them, result pages and files.</summary>
public sealed class AthenaQueryTests(AthenaAppFixture app) : IClassFixture<AthenaAppFixture>
{
    private AthenaHttp Athena() => new(app.Factory.CreateClient());

    private async Task<JsonElement> RunAsync(AthenaHttp athena, string sql, string? database = null)
    {
        await AthenaLakeData.EnsureAsync(app.Factory);
        var start = database is null ? (object)new { QueryString = sql } : new { QueryString = sql, QueryExecutionContext = new { Database = database, Catalog = "AwsDataCatalog" } };
        var id = (await athena.CallAsync("StartQueryExecution", start)).GetProperty("QueryExecutionId").GetString();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var execution = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution");
            var state = execution.GetProperty("Status").GetProperty("State").GetString();
            if (state is "SUCCEEDED" or "FAILED" or "CANCELLED") return execution;
            Assert.True(DateTime.UtcNow < deadline, $"query still {state} after 2 minutes");
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData("SELEC 1")]
    [InlineData("DROP TABLE sales")]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT nope FROM sales")]
    [InlineData("COPY (SELECT 1) TO 'x.csv'")]
    public async Task Bad_or_non_SELECT_SQL_fails_with_the_reason_and_its_results_are_an_InvalidRequestException(string sql)
    {
        var athena = Athena();
        var execution = await RunAsync(athena, sql);

        var status = execution.GetProperty("Status");
        Assert.Equal("FAILED", status.GetProperty("State").GetString());
        var reason = status.GetProperty("StateChangeReason").GetString();
        Assert.False(string.IsNullOrWhiteSpace(reason));
        Assert.True(status.GetProperty("AthenaError").GetProperty("ErrorCategory").GetInt32() == 2, $"not a user error: {reason}");
        Assert.Equal(JsonValueKind.Number, status.GetProperty("CompletionDateTime").ValueKind);
        var (code, error) = await athena.SendAsync("GetQueryResults", JsonSerializer.Serialize(new { QueryExecutionId = execution.GetProperty("QueryExecutionId").GetString() }));
        Assert.Equal(400, code);
        Assert.Equal("InvalidRequestException", error.GetProperty("__type").GetString());
        Assert.Equal(reason, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Results_come_in_pages_of_at_most_MaxResults_with_the_header_first_and_are_stored_as_Athena_CSV()
    {
        var athena = Athena();
        var execution = await RunAsync(athena, AthenaLakeData.ManyRowsSql);
        Assert.Equal("SUCCEEDED", execution.GetProperty("Status").GetProperty("State").GetString());
        var id = execution.GetProperty("QueryExecutionId").GetString()!;

        var rows = new List<string?[]>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await athena.CallAsync("GetQueryResults", token is null ? new { QueryExecutionId = id, MaxResults = 700 } : (object)new { QueryExecutionId = id, MaxResults = 700, NextToken = token });
            var pageRows = page.GetProperty("ResultSet").GetProperty("Rows").EnumerateArray()
                .Select(r => r.GetProperty("Data").EnumerateArray().Select(d => d.TryGetProperty("VarCharValue", out var v) ? v.GetString() : null).ToArray()).ToList();
            Assert.InRange(pageRows.Count, 1, 700);
            if (pages == 0)
            {
                Assert.Equal(AthenaLakeData.ManyRowsHeader, pageRows[0]);
                var columns = page.GetProperty("ResultSet").GetProperty("ResultSetMetadata").GetProperty("ColumnInfo").EnumerateArray().ToList();
                Assert.Equal(AthenaLakeData.ManyRowsTypes, columns.Select(c => c.GetProperty("Type").GetString()));
                pageRows.RemoveAt(0);
            }
            rows.AddRange(pageRows);
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
            pages++;
        } while (token is not null);
        Assert.Equal(4, pages); // 2,501 rows with the header, 700 a page
        AthenaLakeData.AssertManyRows(rows);

        var store = app.Factory.Services.GetRequiredService<IObjectStore>();
        await using var csv = await store.GetAsync("portal-lake", $"athena-results/{id}.csv");
        using var reader = new StreamReader(csv!.Content, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        Assert.StartsWith("\"n\",\"label\",\"quarter\",\"weekly\",\"note\"\n\"1\",\"row 1\",\"0.25\",\"false\",\"say \"\"hi\"\", then\nbye\"\n", text);
        Assert.Contains("\n\"10\",\"row 10\",\"2.5\",\"false\",\n", text);
        Assert.NotNull(await store.HeadAsync("portal-lake", $"athena-results/{id}.csv.metadata"));

        var (status, error) = await athena.SendAsync("GetQueryResults", JsonSerializer.Serialize(new { QueryExecutionId = id, NextToken = "bm90LWEtdG9rZW4=" }));
        Assert.Equal(400, status);
        Assert.Contains("NextToken is not valid", error.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("SELECT count(*) AS n FROM portal.sales")]
    [InlineData("SELECT count(*) AS n FROM \"portal\".\"sales\"")]
    [InlineData("SELECT count(*) AS n FROM AwsDataCatalog.portal.sales")]
    [InlineData("SELECT count(*) AS n FROM sales")]
    public async Task Tables_answer_to_their_Athena_names_in_the_portal_database(string sql)
    {
        var athena = Athena();
        var plain = await RunAsync(athena, "SELECT count(*) AS n FROM sales");
        var qualified = await RunAsync(athena, sql, database: "portal");

        Assert.Equal("SUCCEEDED", qualified.GetProperty("Status").GetProperty("State").GetString());
        Assert.Equal(await FirstValueAsync(athena, plain), await FirstValueAsync(athena, qualified));
    }

    private static async Task<string?> FirstValueAsync(AthenaHttp athena, JsonElement execution)
    {
        var page = await athena.CallAsync("GetQueryResults", new { QueryExecutionId = execution.GetProperty("QueryExecutionId").GetString() });
        return page.GetProperty("ResultSet").GetProperty("Rows")[1].GetProperty("Data")[0].GetProperty("VarCharValue").GetString();
    }

    [Fact]
    public async Task A_query_can_be_sent_to_a_folder_of_its_own_below_the_results_location()
    {
        var athena = Athena();
        await AthenaLakeData.EnsureAsync(app.Factory);
        var id = (await athena.CallAsync("StartQueryExecution", new { QueryString = "SELECT 7 AS seven", ResultConfiguration = new { OutputLocation = "s3://portal-lake/athena-results/team/q" } }))
            .GetProperty("QueryExecutionId").GetString()!;
        JsonElement execution;
        do execution = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution");
        while (execution.GetProperty("Status").GetProperty("State").GetString() is "QUEUED" or "RUNNING");

        Assert.Equal($"s3://portal-lake/athena-results/team/q/{id}.csv", execution.GetProperty("ResultConfiguration").GetProperty("OutputLocation").GetString());
        Assert.NotNull(await app.Factory.Services.GetRequiredService<IObjectStore>().HeadAsync("portal-lake", $"athena-results/team/q/{id}.csv"));
    }

    [Theory]
    [InlineData("s3://analyst-results/team/q")]
    [InlineData("s3://portal-lake/lake/sales/month=2026-01/")]
    [InlineData("s3://portal-lake/")]
    [InlineData("s3://portal-lake/athena-results-other/")]
    [InlineData("s3://portal-images/customer/")]
    public async Task An_output_location_outside_the_results_location_is_refused(string output)
    {
        var (status, json) = await Athena().SendAsync("StartQueryExecution",
            System.Text.Json.JsonSerializer.Serialize(new { QueryString = "SELECT 7 AS seven", ResultConfiguration = new { OutputLocation = output } }));

        Assert.Equal(400, status);
        Assert.Equal("InvalidRequestException", json.GetProperty("__type").GetString());
        Assert.Contains("outside this endpoint's results location s3://portal-lake/athena-results/", json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_stopped_query_is_CANCELLED_and_has_no_results()
    {
        var athena = Athena();
        await AthenaLakeData.EnsureAsync(app.Factory);
        var id = (await athena.CallAsync("StartQueryExecution", new { QueryString = "SELECT count(*) FROM range(4000000000) AS t(n) WHERE hash(n) % 3 = 1" }))
            .GetProperty("QueryExecutionId").GetString()!;

        await athena.CallAsync("StopQueryExecution", new { QueryExecutionId = id });

        var status = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution").GetProperty("Status");
        Assert.Equal("CANCELLED", status.GetProperty("State").GetString());
        var (code, error) = await athena.SendAsync("GetQueryResults", JsonSerializer.Serialize(new { QueryExecutionId = id }));
        Assert.Equal(400, code);
        Assert.Contains("CANCELLED", error.GetProperty("message").GetString());
        await Task.Delay(500); // the runner notices at its next heartbeat; the row stays CANCELLED whatever the engine does
        Assert.Equal("CANCELLED", (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString());
    }
}
