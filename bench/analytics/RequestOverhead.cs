using System.Diagnostics;
using System.Net.Http.Headers;
using DuckDB.NET.Data;

namespace Portal.Bench.Analytics;

/// <summary>
/// The query API's cost around the engine, with no lake in the way: the same generated results through
/// <c>POST /api/analytics/query</c> and on a bare in-memory DuckDB connection, and <c>GET /health/live</c> as the
/// cost of any request to the app. p50 of <c>calls</c> calls each, interleaved.
/// </summary>
public static class RequestOverhead
{
    private static readonly (string Name, string Sql)[] Queries =
    [
        ("one-row", "SELECT 1 AS one"),
        ("716x2", "SELECT DATE '2024-01-01' + CAST(range AS INTEGER) AS day, range * 3 AS uploads FROM range(716)"),
    ];

    public static async Task RunAsync(string baseUrl, string bearer, int calls)
    {
        var pause = int.TryParse(Environment.GetEnvironmentVariable("BENCH_OVERHEAD_PAUSE_MS"), out var p) ? p : 0;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        using var duck = new DuckDBConnection("DataSource=:memory:");
        duck.Open();
        var live = new List<double>();
        var api = Queries.ToDictionary(q => q.Name, _ => new List<double>());
        var direct = Queries.ToDictionary(q => q.Name, _ => new List<double>());
        for (var i = -50; i < calls; i++)
        {
            var watch = Stopwatch.StartNew();
            using (var response = await http.GetAsync("/health/live")) await response.Content.ReadAsStringAsync();
            if (i >= 0) live.Add(watch.Elapsed.TotalMilliseconds);
            foreach (var (name, sql) in Queries)
            {
                if (pause > 0) Thread.Sleep(pause);
                watch.Restart();
                await QueryBench.ApiAsync(http, sql, engineMs: null);
                if (i >= 0) api[name].Add(watch.Elapsed.TotalMilliseconds);
                if (pause > 0) Thread.Sleep(pause);
                watch.Restart();
                using (var command = duck.CreateCommand())
                {
                    command.CommandText = sql;
                    using var reader = command.ExecuteReader();
                    var values = new object[reader.FieldCount];
                    while (reader.Read()) reader.GetValues(values);
                }
                if (i >= 0) direct[name].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        Console.WriteLine($"GET /health/live p50 {P50(live):F3} ms");
        foreach (var (name, _) in Queries)
            Console.WriteLine($"{name}: api p50 {P50(api[name]):F3} ms, duckdb p50 {P50(direct[name]):F3} ms");
    }

    private static double P50(List<double> ms) => ms.Order().ElementAt(ms.Count / 2);
}
