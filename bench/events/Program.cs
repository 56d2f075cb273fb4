using System.Text.Json;
using Portal.Bench.Events;

// Usage:
//   Portal.Bench.Events run BOOTSTRAP_SERVERS [scenario,...] [messages] [bytes] [keys]   one JSON line per scenario
//   Portal.Bench.Events images BOOTSTRAP_SERVERS CORPUS_DIR PHOTOS WORKERS                 one JSON line of upload-to-Ready latency
//   Portal.Bench.Events report RESULTS.jsonl OUTPUT.md HEADER_FILE [IMAGES.jsonl]         the markdown tables
if (args.Length >= 2 && args[0] == "run")
{
    var names = args.Length > 2 && args[2] != "all" ? args[2].Split(',') : Scenarios.All.Select(s => s.Name).ToArray();
    var settings = new BenchSettings(args[1],
        Messages: args.Length > 3 ? int.Parse(args[3]) : 200_000,
        MessageBytes: args.Length > 4 ? int.Parse(args[4]) : 1024,
        Keys: args.Length > 5 ? int.Parse(args[5]) : 1000,
        WarmUp: int.TryParse(Environment.GetEnvironmentVariable("BENCH_WARMUP"), out var warmUp) ? warmUp : 10_000);
    foreach (var name in names)
    {
        var result = await Scenarios.Named(name).RunAsync(settings, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(result));
    }
    return 0;
}
if (args.Length == 5 && args[0] == "images")
{
    var result = await ImageLatency.RunAsync(args[1], args[2], int.Parse(args[3]), int.Parse(args[4]), CancellationToken.None);
    Console.WriteLine(JsonSerializer.Serialize(result));
    return 0;
}
if (args.Length is 4 or 5 && args[0] == "report")
{
    var images = args.Length == 5 && File.Exists(args[4]) ? await File.ReadAllLinesAsync(args[4]) : [];
    await File.WriteAllTextAsync(args[2], Report.Markdown(await File.ReadAllLinesAsync(args[1]), await File.ReadAllTextAsync(args[3]), images));
    return 0;
}
Console.Error.WriteLine("usage: Portal.Bench.Events run BOOTSTRAP [scenario,...|all] [messages] [bytes] [keys] | report RESULTS.jsonl OUTPUT.md HEADER_FILE [IMAGES.jsonl] | images BOOTSTRAP CORPUS PHOTOS WORKERS");
return 2;
