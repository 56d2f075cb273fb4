using System.Diagnostics;

namespace Portal.Bench.Events;

/// <summary>What every scenario gets: where Kafka is, how many messages of what size, how many distinct keys.</summary>
/// <param name="WarmUp">Events that raw-kafka and the outbox-relay-worker scenarios move through their whole path before their
/// clock starts (the same count for both; BENCH_WARMUP, default 10,000): the runtime compiles the hot code (tiered JIT) and
/// the clients connect there, so the figures are of the steady state a long-running service is in, not of a process's
/// start-up. The kafka-log and embedded scenarios still warm up with one event only.</param>
public sealed record BenchSettings(string BootstrapServers, int Messages, int MessageBytes, int Keys, int WarmUp = 0)
{
    /// <summary>
    /// The scenario's topic, which run.sh creates with 64 partitions on a fresh cluster per round: the mock keeps only the
    /// last 5 MiB of each partition, so 200k x 1 KB needs more than 40 to keep every event until it is consumed.
    /// </summary>
    public string Topic(string scenario) => $"bench.{scenario}";

    /// <summary>Gives up when the consumer has heard nothing for this long (events lost, e.g. the topic too small).</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromSeconds(30);

    public string Key(int i) => $"aggregate-{i % Keys}";

    /// <summary>The same pseudo-random payload for every message (content does not matter to the log, only its size).</summary>
    public byte[] Payload() { var bytes = new byte[MessageBytes]; new Random(42).NextBytes(bytes); return bytes; }
}

/// <summary>
/// One way of moving <see cref="BenchSettings.Messages"/> events from a producer to a consumer. Add a scenario by
/// implementing this and listing it in <see cref="Scenarios.All"/>; the report compares each one with the raw client.
/// </summary>
public interface IEventsScenario
{
    string Name { get; }

    /// <summary>One line for the report: what the scenario does.</summary>
    string Description { get; }

    Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken);
}

/// <param name="ProduceSeconds">From the first send until the last is acknowledged.</param>
/// <param name="EndToEndSeconds">From the first send until the consumer has handled (and committed) the last message.</param>
/// <param name="CpuSeconds">This process's CPU time over the run (the broker runs in another process).</param>
public sealed record ScenarioResult(string Scenario, int Messages, int MessageBytes, double ProduceSeconds, double EndToEndSeconds, double CpuSeconds)
{
    public double EventsPerSecond => Messages / EndToEndSeconds;
    public double ProducedPerSecond => Messages / ProduceSeconds;
    public double MegabytesPerSecond => Messages * (double)MessageBytes / EndToEndSeconds / 1e6;
}

/// <summary>Wall and CPU clocks for a scenario.</summary>
public sealed class BenchClock
{
    private readonly Stopwatch wall = Stopwatch.StartNew();
    private readonly TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;

    public double Seconds => wall.Elapsed.TotalSeconds;

    public double CpuSeconds => (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
}
