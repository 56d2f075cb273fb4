using System.Diagnostics;

namespace Portal.Bench.Analytics;

/// <summary>
/// The process's peak memory while something runs: resident set (the kernel's high-water mark, VmHWM, which also
/// catches peaks between samples) and the managed heap (GC.GetTotalMemory sampled every 20 ms, plus the GC's own
/// record of the heap after each collection).
/// </summary>
public sealed class MemoryPeak : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task sampler;
    private long peakManaged;

    public MemoryPeak()
    {
        BaselineRssBytes = Process.GetCurrentProcess().WorkingSet64;
        BaselineManagedBytes = GC.GetTotalMemory(false);
        sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                    peakManaged = Math.Max(peakManaged, GC.GetTotalMemory(false));
            }
            catch (OperationCanceledException) { }
        });
    }

    public long BaselineRssBytes { get; }
    public long BaselineManagedBytes { get; }
    public long PeakManagedBytes => peakManaged;

    /// <summary>VmHWM from /proc/self/status: the most resident memory the process has had since it started.</summary>
    public static long PeakRssBytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return Process.GetCurrentProcess().PeakWorkingSet64;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        await sampler;
        stop.Dispose();
    }
}
