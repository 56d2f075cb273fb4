using System.Diagnostics;

namespace Portal.Bench.Images;

/// <summary>Wall-clock and process CPU time of a batch of images.</summary>
public sealed record Measurement(string Engine, string Operation, int Workers, int Images, double WallMs, double CpuMs)
{
    public double ImagesPerSecond => Images / (WallMs / 1000);
    public double CpuMsPerImage => CpuMs / Images;

    public static async Task<Measurement> RunAsync(string operation, int workers, int repetitions, Func<int, int, Task> processOne, int photos)
    {
        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            for (var r = 0; r < repetitions; r++)
                for (var i = 0; i < photos; i++)
                    await processOne(worker, (i + worker) % photos);
        })));
        clock.Stop();
        process.Refresh();
        return new Measurement("skiasharp", operation, workers, workers * repetitions * photos, clock.Elapsed.TotalMilliseconds,
            (process.TotalProcessorTime - cpu0).TotalMilliseconds);
    }
}
