using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Storage;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>An app whose engine holds at most five rows of a result (<c>Analytics:Query:MaxRows</c>).</summary>
public sealed class FiveRowLimitFixture : IDisposable
{
    public const int MaxRows = 5;

    public AthenaAppFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["Analytics:Query:MaxRows"] = MaxRows.ToString(CultureInfo.InvariantCulture),
        ["Analytics:AthenaApi:PollInterval"] = "00:00:00.050",
    });

    public void Dispose() => Factory.Dispose();
}

/// <summary>
/// A result is never silently cut: up to the row limit it is whole and pages as usual; past it the query FAILS,
/// naming the limit and its setting, and leaves no result file.
/// </summary>
public sealed class AthenaResultLimitTests(FiveRowLimitFixture app) : IClassFixture<FiveRowLimitFixture>
{
    private static string Rows(int count) => $"SELECT n FROM unnest(generate_series(1, {count})) AS t(n) ORDER BY n";

    private async Task<(AthenaHttp Athena, string Id, JsonElement Status)> RunAsync(int rows)
    {
        await AthenaLakeData.EnsureAsync(app.Factory);
        var athena = new AthenaHttp(app.Factory.CreateClient());
        var id = (await athena.CallAsync("StartQueryExecution", new { QueryString = Rows(rows) })).GetProperty("QueryExecutionId").GetString()!;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var status = (await athena.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution").GetProperty("Status");
            if (status.GetProperty("State").GetString() is "SUCCEEDED" or "FAILED" or "CANCELLED") return (athena, id, status);
            Assert.True(DateTime.UtcNow < deadline, "query did not finish in 2 minutes");
            await Task.Delay(50);
        }
    }

    [Theory]
    [InlineData(4)]
    [InlineData(FiveRowLimitFixture.MaxRows)]
    public async Task A_result_within_the_limit_succeeds_whole_and_pages(int rows)
    {
        var (athena, id, status) = await RunAsync(rows);
        Assert.Equal("SUCCEEDED", status.GetProperty("State").GetString());
        Assert.False(status.TryGetProperty("StateChangeReason", out _));

        var values = new List<string?>();
        string? token = null;
        do
        {
            var page = await athena.CallAsync("GetQueryResults", token is null ? new { QueryExecutionId = id, MaxResults = 2 } : (object)new { QueryExecutionId = id, MaxResults = 2, NextToken = token });
            values.AddRange(page.GetProperty("ResultSet").GetProperty("Rows").EnumerateArray().Select(r => r.GetProperty("Data")[0].GetProperty("VarCharValue").GetString()));
            token = page.TryGetProperty("NextToken", out var next) ? next.GetString() : null;
        } while (token is not null);
        Assert.Equal(["n", .. Enumerable.Range(1, rows).Select(n => n.ToString(CultureInfo.InvariantCulture))], values);
    }

    [Theory]
    [InlineData(FiveRowLimitFixture.MaxRows + 1)]
    [InlineData(1000)]
    public async Task A_result_past_the_limit_fails_naming_the_limit_and_its_setting_and_writes_no_file(int rows)
    {
        var (athena, id, status) = await RunAsync(rows);

        Assert.Equal("FAILED", status.GetProperty("State").GetString());
        var reason = status.GetProperty("StateChangeReason").GetString()!;
        Assert.Contains("more than 5 rows", reason);
        Assert.Contains("Analytics:Query:MaxRows", reason);
        Assert.Contains("no partial result was written", reason);
        Assert.Equal(2, status.GetProperty("AthenaError").GetProperty("ErrorCategory").GetInt32());
        Assert.False(status.GetProperty("AthenaError").GetProperty("Retryable").GetBoolean());

        var (code, error) = await athena.SendAsync("GetQueryResults", JsonSerializer.Serialize(new { QueryExecutionId = id }));
        Assert.Equal(400, code);
        Assert.Equal("InvalidRequestException", error.GetProperty("__type").GetString());
        Assert.Equal(reason, error.GetProperty("message").GetString());
        var store = app.Factory.Services.GetRequiredService<IObjectStore>();
        Assert.Null(await store.HeadAsync("portal-lake", $"athena-results/{id}.csv"));
        Assert.Null(await store.HeadAsync("portal-lake", $"athena-results/{id}.csv.metadata"));
    }
}
