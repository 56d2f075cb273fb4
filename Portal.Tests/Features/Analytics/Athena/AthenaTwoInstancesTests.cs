using System.Text.Json;

namespace Portal.Tests.Features.Analytics.Athena;

/// <summary>
/// Two app instances on one database and one object store, as behind a load balancer: any instance answers for a
/// query another ran, and a stop sent to either ends it.
/// </summary>
public sealed class AthenaTwoInstancesTests : IDisposable
{
    private readonly string _shared = Directory.CreateTempSubdirectory("portal-athena-shared-").FullName;
    private readonly AthenaAppFactory _first;
    private readonly AthenaAppFactory _second;

    public AthenaTwoInstancesTests()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = _shared,
            ["ObjectStore:RootDirectory"] = Path.Combine(_shared, "objects"),
        };
        _first = new AthenaAppFactory(settings);
        _first.CreateClient().Dispose(); // starts it, so it seeds the database before the second one opens it
        _second = new AthenaAppFactory(settings);
    }

    [Fact]
    public async Task One_instance_serves_the_results_and_page_tokens_of_a_query_and_the_other_stops_a_running_one()
    {
        await AthenaLakeData.EnsureAsync(_first);
        var first = new AthenaHttp(_first.CreateClient());
        var second = new AthenaHttp(_second.CreateClient());

        var id = (await first.CallAsync("StartQueryExecution", new { QueryString = AthenaLakeData.SmallSql })).GetProperty("QueryExecutionId").GetString();
        string? state;
        do state = (await second.CallAsync("GetQueryExecution", new { QueryExecutionId = id })).GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString();
        while (state is "QUEUED" or "RUNNING");
        Assert.Equal("SUCCEEDED", state);
        AthenaLakeData.AssertSmall((await second.CallAsync("GetQueryResults", new { QueryExecutionId = id })).GetProperty("ResultSet"));

        // A page token one instance issued is read by the other (Data Protection's keys are in the shared database).
        var paged = (await first.CallAsync("StartQueryExecution", new { QueryString = "SELECT n FROM unnest(generate_series(1, 3)) AS t(n) ORDER BY n" }))
            .GetProperty("QueryExecutionId").GetString();
        do state = (await first.CallAsync("GetQueryExecution", new { QueryExecutionId = paged })).GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString();
        while (state is "QUEUED" or "RUNNING");
        var token = (await first.CallAsync("GetQueryResults", new { QueryExecutionId = paged, MaxResults = 2 })).GetProperty("NextToken").GetString();
        var rest = (await second.CallAsync("GetQueryResults", new { QueryExecutionId = paged, MaxResults = 2, NextToken = token })).GetProperty("ResultSet").GetProperty("Rows");
        Assert.Equal(["2", "3"], rest.EnumerateArray().Select(r => r.GetProperty("Data")[0].GetProperty("VarCharValue").GetString()));

        var slow = (await first.CallAsync("StartQueryExecution", new { QueryString = "SELECT count(*) FROM range(4000000000) AS t(n) WHERE hash(n) % 3 = 1" }))
            .GetProperty("QueryExecutionId").GetString();
        do state = (await first.CallAsync("GetQueryExecution", new { QueryExecutionId = slow })).GetProperty("QueryExecution").GetProperty("Status").GetProperty("State").GetString();
        while (state is "QUEUED");
        await second.CallAsync("StopQueryExecution", new { QueryExecutionId = slow });

        await Task.Delay(1000); // past both runners' heartbeats: whichever ran it has seen the stop
        var status = (await first.CallAsync("GetQueryExecution", new { QueryExecutionId = slow })).GetProperty("QueryExecution").GetProperty("Status");
        Assert.Equal("CANCELLED", status.GetProperty("State").GetString());
        var (code, error) = await first.SendAsync("GetQueryResults", JsonSerializer.Serialize(new { QueryExecutionId = slow }));
        Assert.Equal(400, code);
        Assert.Contains("CANCELLED", error.GetProperty("message").GetString());
    }

    public void Dispose()
    {
        _second.Dispose();
        _first.Dispose();
        try { Directory.Delete(_shared, recursive: true); } catch (IOException) { }
    }
}
