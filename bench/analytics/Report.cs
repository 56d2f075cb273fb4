using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Portal.Bench.Analytics;

/// <summary>Turns the JSON lines of a run into results.md: P5's rows/s and ratio, P6's p50 table, boto3's time.</summary>
public static class Report
{
    public static string Markdown(IEnumerable<string> jsonLines, string header)
    {
        var lines = jsonLines.Where(l => l.TrimStart().StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var text = new StringBuilder(header).AppendLine();
        var inv = CultureInfo.InvariantCulture;

        var copies = lines.Where(l => Str(l, "What") == "psql-copy").ToList();
        var sessionCopies = lines.Where(l => Str(l, "What") == "psql-copy-session").ToList();
        var export = lines.FirstOrDefault(l => Str(l, "What") == "export");
        if (copies.Count > 0 && export.ValueKind == JsonValueKind.Object)
        {
            var copyRate = copies.Average(c => Num(c, "Rows") / Num(c, "Seconds"));
            var salesRate = Num(export, "SalesRows") / Num(export, "SalesSeconds");
            var wholeRate = Num(export, "SalesRows") / Num(export, "Seconds");
            text.AppendLine("## P5: export PostgreSQL -> Parquet (goal >= 1.0x psql \\copy csv)").AppendLine();
            text.AppendLine("| what | rows | seconds | rows/s | ratio to psql |").AppendLine("|---|---|---|---|---|");
            foreach (var c in copies)
                text.AppendLine(string.Create(inv, $"| psql `\\copy (sales query) TO file csv` | {Num(c, "Rows"):0} | {Num(c, "Seconds"):0.00} | {Num(c, "Rows") / Num(c, "Seconds"):0} | |"));
            foreach (var c in sessionCopies)
                text.AppendLine(string.Create(inv, $"| psql, same queries after the export's session settings (JIT off) | {Num(c, "Rows"):0} | {Num(c, "Seconds"):0.00} | {Num(c, "Rows") / Num(c, "Seconds"):0} | |"));
            text.AppendLine(string.Create(inv, $"| export, sales table (first to last sales row written) | {Num(export, "SalesRows"):0} | {Num(export, "SalesSeconds"):0.00} | {salesRate:0} | **{salesRate / copyRate:0.00}x** psql's mean |"));
            if (sessionCopies.Count > 0)
            {
                var sessionRate = sessionCopies.Average(c => Num(c, "Rows") / Num(c, "Seconds"));
                text.AppendLine(string.Create(inv, $"| export, sales table, against psql with the same session settings | | | | **{salesRate / sessionRate:0.00}x** |"));
            }
            text.AppendLine(string.Create(inv, $"| export, whole run (all tables, manifest) | {Num(export, "Rows"):0} rows, of which {Num(export, "SalesRows"):0} sales | {Num(export, "Seconds"):0.00} | {wholeRate:0} sales rows/s | {wholeRate / copyRate:0.00}x |"));
            text.AppendLine().AppendLine(string.Create(inv,
                $"Export memory: peak RSS {Mib(export, "PeakRssBytes")} MiB (the process held {Mib(export, "BaselineRssBytes")} MiB before the run), managed heap peak {Mib(export, "PeakManagedBytes")} MiB; {Num(export, "Files"):0} Parquet files, {Mib(export, "Bytes")} MiB in all."));
            text.AppendLine();
        }

        var timings = lines.Where(l => l.TryGetProperty("Side", out _)).Select(l => l.Deserialize<QueryTiming>()!).ToList();
        if (timings.Count > 0)
        {
            text.AppendLine("## P6: dashboard queries, HTTP API against DuckDB directly (goal <= 1.2x at p50, p50 < 100 ms)").AppendLine();
            text.AppendLine("| query | rows | API p50 ms | API p95 ms | DuckDB p50 ms | DuckDB p95 ms | ratio at p50 | engine in the app p50 ms |").AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var query in timings.Select(t => t.Query).Distinct())
            {
                var api = timings.Single(t => t.Query == query && t.Side == "api");
                var duck = timings.Single(t => t.Query == query && t.Side == "duckdb");
                var engine = timings.SingleOrDefault(t => t.Query == query && t.Side == "api-engine") is { } e ? e.P50Ms.ToString("0", inv) : "";
                text.AppendLine(string.Create(inv, $"| {query} | {api.Rows} | {api.P50Ms:0.0} | {api.P95Ms:0.0} | {duck.P50Ms:0.0} | {duck.P95Ms:0.0} | **{api.P50Ms / duck.P50Ms:0.00}x** | {engine} |"));
            }
            text.AppendLine().AppendLine(string.Create(inv, $"{timings[0].Rounds} rounds after two warm-ups, the two sides alternating query by query.")
                + " The engine in the app: the query's run in the app's engine as its answer reports it (elapsedMs, whole ms: from the statement's start to the last row read, without HTTP, sign-in, lease and parse check).");
            text.AppendLine();
        }

        var boto = lines.FirstOrDefault(l => Str(l, "what") == "boto3");
        if (boto.ValueKind == JsonValueKind.Object)
        {
            text.AppendLine("## boto3 through /aws/athena, 10,000-row result").AppendLine();
            text.AppendLine(string.Create(inv,
                $"start_query_execution -> get_query_execution until SUCCEEDED -> get_query_results paginator to the last page: median of {Num(boto, "rounds"):0} rounds **{Num(boto, "seconds"):0.00} s** (min {Num(boto, "min_seconds"):0.00}, max {Num(boto, "max_seconds"):0.00}); of which {Num(boto, "until_succeeded"):0.00} s until SUCCEEDED ({Num(boto, "polls"):0} polls) and {Num(boto, "paging"):0.00} s paging {Num(boto, "pages"):0} pages, {Num(boto, "rows"):0} rows."));
        }
        return text.ToString();
    }

    private static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    private static double Num(JsonElement e, string name) => e.GetProperty(name).GetDouble();
    private static string Mib(JsonElement e, string name) => (Num(e, name) / (1 << 20)).ToString("0", CultureInfo.InvariantCulture);
}
