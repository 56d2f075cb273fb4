using System.Diagnostics;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;
using Portal.Engine.Storage;

namespace Portal.Bench.Analytics;

/// <summary>
/// Where the DuckDB engine's time goes, in process (no HTTP): each dashboard query through
/// <see cref="DuckDbQueryEngine.RunAsync"/>, then its stages one by one on a connection rented from the engine's
/// sessions (lease, parse check, the query on the engine's views), against <see cref="DirectDuckDb"/>; p50 per stage.
/// </summary>
public static class QueryProfile
{
    public static async Task RunAsync(string objectRoot, int rounds)
    {
        var work = Path.Combine(Path.GetTempPath(), $"portal-bench-profile-{Guid.NewGuid():N}");
        await using var direct = await DirectDuckDb.OpenAsync(objectRoot, Path.Combine(work, "direct"));
        var store = new FileSystemObjectStore(objectRoot);
        var lake = Options.Create(new LakeOptions());
        var duckOptions = Options.Create(new DuckDbOptions { CacheDirectory = Path.Combine(work, "cache") });
        using var mirror = new LakeMirror(store, new LakeManifestStore(store, lake), duckOptions, lake, TimeProvider.System, NullLogger<LakeMirror>.Instance);
        var sessions = new DuckDbSessions(duckOptions, lake);
        var engine = new DuckDbQueryEngine(mirror, sessions, Options.Create(new QueryOptions()));

        Console.WriteLine("query | direct | engine | lease | rent | parse check | query on engine views | same, streaming | direct, streaming (ms, p50)");
        foreach (var (name, sql) in DashboardQueries.All)
        {
            var stages = new Dictionary<string, List<double>>();
            void Add(string stage, Stopwatch watch) => (stages.TryGetValue(stage, out var l) ? l : stages[stage] = []).Add(watch.Elapsed.TotalMilliseconds);
            for (var round = -2; round < rounds; round++)
            {
                var watch = Stopwatch.StartNew();
                await direct.CountRowsAsync(sql);
                if (round >= 0) Add("direct", watch);
                watch.Restart();
                await engine.RunAsync(new AnalyticsQuery(sql));
                if (round >= 0) Add("engine", watch);

                watch.Restart();
                using var lease = (await mirror.AcquireAsync())!;
                if (round >= 0) Add("lease", watch);
                watch.Restart();
                var connection = sessions.Rent(lease.Snapshot, mirror.Directory);
                if (round >= 0) Add("rent", watch);
                watch.Restart();
                ReadOnlyParseCheck.Check(connection, sql);
                if (round >= 0) Add("parse", watch);
                watch.Restart();
                Count(connection, sql);
                if (round >= 0) Add("views", watch);
                watch.Restart();
                Count(connection, sql, streaming: true);
                if (round >= 0) Add("views-streaming", watch);
                watch.Restart();
                await direct.CountRowsAsync(sql, streaming: true);
                if (round >= 0) Add("direct-streaming", watch);
                sessions.Return(lease.Snapshot, connection);
            }
            Console.WriteLine($"{name} | " + string.Join(" | ", new[] { "direct", "engine", "lease", "rent", "parse", "views", "views-streaming", "direct-streaming" }.Select(s => P50(stages[s]).ToString("F2"))));
        }
        Directory.Delete(work, recursive: true);
    }

    private static void Count(DuckDBConnection connection, string sql, bool streaming = false)
    {
        using var command = connection.CreateCommand();
        command.UseStreamingMode = streaming;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new object[reader.FieldCount];
        while (reader.Read()) reader.GetValues(values);
    }

    private static double P50(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
