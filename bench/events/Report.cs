using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portal.Bench.Events;

/// <summary>Turns the JSON lines of a run into the markdown table of results.md: each scenario's median over the rounds, and its ratio to the baseline.</summary>
public static class Report
{
    public static string Markdown(IEnumerable<string> jsonLines, string header, IEnumerable<string> imageLines)
    {
        var results = jsonLines.Where(l => l.TrimStart().StartsWith('{'))
            .Select(l => JsonSerializer.Deserialize<ScenarioResult>(l)!).ToList();
        var baseline = Scenarios.All[0].Name;
        var medians = results.GroupBy(r => r.Scenario).ToDictionary(g => g.Key, g => Median(g.ToList()));
        var text = new StringBuilder(header).AppendLine();
        text.AppendLine($"| scenario | what | rounds | events/s (end to end) | MB/s | produced/s | CPU s of the client | ratio to {baseline} |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var scenario in Scenarios.All.Where(s => medians.ContainsKey(s.Name)))
        {
            var m = medians[scenario.Name];
            var ratio = medians.TryGetValue(baseline, out var b) ? (m.EventsPerSecond / b.EventsPerSecond).ToString("0.00", CultureInfo.InvariantCulture) : "-";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {scenario.Name} | {scenario.Description} | {results.Count(r => r.Scenario == scenario.Name)} | {m.EventsPerSecond:0} | {m.MegabytesPerSecond:0.0} | {m.ProducedPerSecond:0} | {m.CpuSeconds:0.0} | {ratio} |"));
        }
        var images = imageLines.Where(l => l.TrimStart().StartsWith('{')).Select(l => JsonSerializer.Deserialize<ImageLatencyResult>(l)!).ToList();
        if (images.Count == 0) return text.ToString();
        text.AppendLine().AppendLine("Upload to Ready (ImageLibrary.UploadAsync -> relay -> KafkaEventLog -> image processing in the batch worker(s) -> Ready), PostgreSQL:").AppendLine();
        text.AppendLine("| workers | photos | uploads took s | p50 s | p95 s | max s | all Ready after s | Failed |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in images.OrderBy(r => r.Workers))
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Workers} | {r.Photos} | {r.UploadSeconds:0.0} | {r.P50Seconds:0.0} | {r.P95Seconds:0.0} | {r.MaxSeconds:0.0} | {r.AllReadySeconds:0.0} | {r.Failed} |"));
        return text.ToString();
    }

    /// <summary>The round with the median end-to-end time (a whole round, so its figures belong together).</summary>
    private static ScenarioResult Median(List<ScenarioResult> rounds) => rounds.OrderBy(r => r.EndToEndSeconds).ElementAt(rounds.Count / 2);
}
