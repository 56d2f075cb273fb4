namespace Portal.Bench.Events;

public static class Scenarios
{
    /// <summary>Every scenario by name; the first is the baseline the report divides by (part (a) of the benchmark).</summary>
    public static readonly IReadOnlyList<IEventsScenario> All =
    [
        new RawKafkaScenario(),
        new KafkaLogScenario(),
        // Part (b): outbox -> relay -> Kafka -> batch worker on PostgreSQL, with the shipped defaults and with larger batches.
        new OutboxRelayScenario("outbox-relay-worker", relayBatch: 500, workerBatch: 100),
        new OutboxRelayScenario("outbox-relay-worker-big-batches", relayBatch: 5000, workerBatch: 1000),
        // The bulk scenario's batch sizes may be changed for tuning runs (BENCH_RELAY_BATCH, BENCH_WORKER_BATCH; README).
        new OutboxRelayScenario("outbox-relay-worker-bulk", relayBatch: Setting("BENCH_RELAY_BATCH", 5000),
            workerBatch: Setting("BENCH_WORKER_BATCH", 1000), writers: 4, bulk: true),
        new EmbeddedLogScenario("Postgres"),
        new EmbeddedLogScenario("Sqlite"),
    ];

    private static int Setting(string variable, int otherwise) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out var value) ? value : otherwise;

    public static IEventsScenario Named(string name) => All.FirstOrDefault(s => s.Name == name)
        ?? throw new ArgumentException($"no scenario '{name}' (there are: {string.Join(", ", All.Select(s => s.Name))})");
}
