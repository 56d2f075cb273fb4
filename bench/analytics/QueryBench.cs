using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DuckDB.NET.Data;

namespace Portal.Bench.Analytics;

public sealed record QueryTiming(string Query, string Side, int Rounds, double P50Ms, double P95Ms, double MinMs, int Rows);

/// <summary>
/// P6: each dashboard query through <c>POST /api/analytics/query</c> and on one DuckDB connection opened here over the
/// same Parquet files the manifest lists, interleaved round by round so load drifts hit both sides alike.
/// </summary>
public static class QueryBench
{
    public static async Task<List<QueryTiming>> RunAsync(string baseUrl, string bearer, string objectRoot, int rounds)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        // DuckDB directly reads its own copy of the files, deleted at the end (2M lines are ~140 MB a run).
        var copy = Path.Combine(Path.GetTempPath(), $"portal-bench-lake-{Guid.NewGuid():N}");
        try { return await RunAsync(http, objectRoot, copy, rounds); }
        finally { if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true); }
    }

    private static async Task<List<QueryTiming>> RunAsync(HttpClient http, string objectRoot, string copy, int rounds)
    {
        await using var duck = await DirectDuckDb.OpenAsync(objectRoot, copy);

        var timings = new List<QueryTiming>();
        foreach (var (name, sql) in DashboardQueries.All)
        {
            var api = new List<double>();
            var engine = new List<double>(); // the engine's own time in the app, as the answer reports it (whole ms)
            var direct = new List<double>();
            int apiRows = 0, directRows = 0;
            try
            {
                for (var round = -2; round < rounds; round++) // two warm-up rounds
                {
                    var (apiMs, a) = await TimeAsync(() => ApiAsync(http, sql, round < 0 ? null : engine));
                    var (directMs, d) = await TimeAsync(() => duck.CountRowsAsync(sql));
                    if (round < 0) continue;
                    api.Add(apiMs); direct.Add(directMs); apiRows = a; directRows = d;
                }
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"{name} failed: {e.Message}");
                continue;
            }
            if (apiRows != directRows) Console.Error.WriteLine($"warning: {name}: API returned {apiRows} rows, DuckDB {directRows}");
            timings.Add(Summarise(name, "api", api, apiRows));
            timings.Add(Summarise(name, "duckdb", direct, directRows));
            timings.Add(Summarise(name, "api-engine", engine, apiRows));
        }
        return timings;
    }

    /// <summary>
    /// Brings the app's request path to its steady state before anything is timed: <paramref name="calls"/> trivial
    /// queries through the API (past the runtime's 30 calls before it recompiles a method with full optimisation),
    /// then each dashboard query once. run.sh then waits for the app's CPU to settle (the recompiling runs in the background).
    /// </summary>
    public static async Task WarmAsync(string baseUrl, string bearer, int calls)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        for (var i = 0; i < calls; i++) await ApiAsync(http, "SELECT 1 AS one, DATE '2026-01-01' AS day, 1.5 AS x, 'a' AS t", null);
        foreach (var (_, sql) in DashboardQueries.All) await ApiAsync(http, sql, null);
    }

    /// <summary>One query through the API, its answer read and parsed whole; the number of rows.</summary>
    internal static async Task<int> ApiAsync(HttpClient http, string sql, List<double>? engineMs)
    {
        using var response = await http.PostAsJsonAsync("/api/analytics/query", new { sql });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"API {(int)response.StatusCode}: {body}");
        using var json = JsonDocument.Parse(body);
        engineMs?.Add(json.RootElement.GetProperty("elapsedMs").GetInt64());
        return json.RootElement.GetProperty("rows").GetArrayLength();
    }

    private static async Task<(double Ms, int Rows)> TimeAsync(Func<Task<int>> run)
    {
        var watch = Stopwatch.StartNew();
        var rows = await run();
        return (watch.Elapsed.TotalMilliseconds, rows);
    }

    private static QueryTiming Summarise(string query, string side, List<double> ms, int rows)
    {
        var sorted = ms.Order().ToList();
        return new QueryTiming(query, side, sorted.Count, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[0], rows);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
