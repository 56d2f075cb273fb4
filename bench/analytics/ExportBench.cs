using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Data;
using Portal.Engine.Storage;

namespace Portal.Bench.Analytics;

public sealed record ExportResult(string What, long Rows, double Seconds, long SalesRows, double SalesSeconds, int Files, long Bytes,
    long BaselineRssBytes, long PeakRssBytes, long BaselineManagedBytes, long PeakManagedBytes, string Outcome, string? Error);

/// <summary>
/// P5: one export run through <see cref="ILakeExports"/>, registered as the app registers it (AddPortalDatabase,
/// AddObjectStore with the folder store, AddAnalyticsLake; schedule and start-up run off), into an empty lake. The sales
/// table's own time runs from when the run reports it started on <c>sales</c> to when it moves on to the next table.
/// </summary>
public static class ExportBench
{
    public static async Task<ExportResult> RunAsync(string connectionString, string objectRoot)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["Database:ConnectionString"] = connectionString,
            ["ObjectStore:Provider"] = "FileSystem",
            ["ObjectStore:RootDirectory"] = objectRoot,
            ["Analytics:Lake:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddSingleton(TimeProvider.System);
        services.AddPortalDatabase(configuration, Path.GetTempPath());
        services.AddObjectStore(configuration, Path.GetTempPath());
        services.AddAnalyticsLake(configuration);
        await using var provider = services.BuildServiceProvider();
        var exports = provider.GetRequiredService<ILakeExports>();

        var clock = Stopwatch.StartNew();
        TimeSpan? salesStarted = null, salesEnded = null;
        exports.Progressed += progress =>
        {
            if (progress?.CurrentTable == LakeTables.Sales.Name) salesStarted ??= clock.Elapsed;
            else if (salesStarted is not null) salesEnded ??= clock.Elapsed;
        };
        GC.Collect();
        LakeExportRunSummary summary;
        long peakManaged;
        var memory = new MemoryPeak();
        await using (memory)
        {
            clock.Restart();
            summary = await exports.RunAsync(LakeExportTrigger.Manual);
            clock.Stop();
        }
        peakManaged = memory.PeakManagedBytes;
        var manifest = await provider.GetRequiredService<ILakeManifestReader>().CurrentAsync();
        var files = manifest?.Tables.SelectMany(t => t.Partitions).SelectMany(p => p.Files).ToList() ?? [];
        var sales = manifest?.Table(LakeTables.Sales.Name)?.Rows ?? 0;
        return new ExportResult("export", summary.Rows, clock.Elapsed.TotalSeconds, sales,
            ((salesEnded ?? clock.Elapsed) - (salesStarted ?? TimeSpan.Zero)).TotalSeconds, files.Count, files.Sum(f => f.Bytes),
            memory.BaselineRssBytes, MemoryPeak.PeakRssBytes(), memory.BaselineManagedBytes, peakManaged,
            summary.Outcome.ToString(), summary.Error);
    }
}
