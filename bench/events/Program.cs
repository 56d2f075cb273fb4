using System.Text.Json;
using Portal.Bench.Events;

// Usage:
//   Portal.Bench.Events run BOOTSTRAP_SERVERS [scenario,...] [messages] [bytes] [keys]   one JSON line per scenario
//   Portal.Bench.Events report RESULTS.jsonl OUTPUT.md HEADER_FILE                       the markdown table
if (args.Length >= 2 && args[0] == "run")
{
    var names = args.Length > 2 && args[2] != "all" ? args[2].Split(',') : Scenarios.All.Select(s => s.Name).ToArray();
    var settings = new BenchSettings(args[1],
        Messages: args.Length > 3 ? int.Parse(args[3]) : 200_000,
        MessageBytes: args.Length > 4 ? int.Parse(args[4]) : 1024,
        Keys: args.Length > 5 ? int.Parse(args[5]) : 1000);
    foreach (var name in names)
    {
        var result = await Scenarios.Named(name).RunAsync(settings, CancellationToken.None);
        Console.WriteLine(JsonSerializer.Serialize(result));
    }
    return 0;
}
if (args.Length == 4 && args[0] == "report")
{
    await File.WriteAllTextAsync(args[2], Report.Markdown(await File.ReadAllLinesAsync(args[1]), await File.ReadAllTextAsync(args[3])));
    return 0;
}
Console.Error.WriteLine("usage: Portal.Bench.Events run BOOTSTRAP [scenario,...|all] [messages] [bytes] [keys] | report RESULTS.jsonl OUTPUT.md HEADER_FILE");
return 2;
