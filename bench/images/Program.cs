using System.Text.Json;
using Portal.Bench.Images;
using Portal.Engine.Imaging;

// Usage: Portal.Bench.Images CORPUS_DIR OUTPUT_DIR [repetitions] [workers,...]
//        Portal.Bench.Images stages CORPUS_DIR [repetitions]   (the P1/P2 stage breakdown, see Stages.cs)
// Times the engine's production path (ImageProcessor.ProcessAsync on a parsed Default request) and prints one
// JSON line per (operation, workers); writes each input's output once to OUTPUT_DIR/skiasharp/OPERATION/.
if (args.Length > 0 && args[0] == "stages")
{
    Stages.Run(args.Length > 1 ? args[1] : "../shared/bench/corpus", args.Length > 2 ? int.Parse(args[2]) : 4);
    return;
}
var corpus = args.Length > 0 ? args[0] : "../shared/bench/corpus";
var output = args.Length > 1 ? args[1] : "bench/images/out";
var repetitions = args.Length > 2 ? int.Parse(args[2]) : 4;
var workerCounts = (args.Length > 3 ? args[3] : "1,2").Split(',').Select(int.Parse).ToArray();

using (var probe = new ImageProcessor(new ImagingOptions()))
    Console.WriteLine(JsonSerializer.Serialize(new { engine = "skiasharp", codecs = probe.CodecSummary }));

var only = Environment.GetEnvironmentVariable("BENCH_OPERATIONS") is { Length: > 0 } list ? list.Split(',') : null;
foreach (var operation in BenchOperations.All.Keys.Where(o => only is null || only.Contains(o)))
{
    var files = BenchOperations.Inputs(operation, corpus, output);
    if (files.Length == 0) throw new InvalidOperationException($"no inputs for {operation}");
    var inputs = files.Select(File.ReadAllBytes).ToArray();
    var request = BenchOperations.Request(operation);
    var folder = Path.Combine(output, "skiasharp", operation);
    Directory.CreateDirectory(folder);
    using (var once = new ImageProcessor(new ImagingOptions()))
    {
        for (var i = 0; i < files.Length; i++)
        {
            var result = await once.ProcessAsync(inputs[i], request);
            await File.WriteAllBytesAsync(Path.Combine(folder, Path.GetFileNameWithoutExtension(files[i]) + "." + BenchOperations.Extension(operation)), result.Content);
        }
    }
    var reps = BenchOperations.Repetitions(operation, repetitions);
    foreach (var workers in workerCounts)
    {
        using var processor = new ImageProcessor(new ImagingOptions { MaxConcurrentJobs = workers });
        await Measurement.RunAsync(operation, workers, Math.Max(1, reps / 2), async (_, i) => await processor.ProcessAsync(inputs[i], request), inputs.Length); // warm-up
        var measurement = await Measurement.RunAsync(operation, workers, reps, async (_, i) => await processor.ProcessAsync(inputs[i], request), inputs.Length);
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            engine = measurement.Engine, operation, workers, images = measurement.Images, wallMs = measurement.WallMs, cpuMs = measurement.CpuMs,
        }));
    }
}
