using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Bench.Events;

/// <summary>
/// The same traffic through the portal's <see cref="KafkaEventLog"/> (the <see cref="IEventLog"/> the relay and the worker
/// use): publishes in batches of 1,000 as a relay does, a group consumer polls up to 1,000 and commits each poll.
/// Shows what the interface costs over the raw client before any database work.
/// </summary>
public sealed class KafkaLogScenario : IEventsScenario
{
    public string Name => "kafka-log";

    public string Description => "KafkaEventLog: PublishAsync batches of 1,000; PollAsync(1,000) + CommitAsync per poll";

    public async Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        using var log = new KafkaEventLog(Options.Create(new KafkaOptions
        {
            BootstrapServers = settings.BootstrapServers,
            ClientId = "portal-bench",
            SessionTimeout = TimeSpan.FromSeconds(6),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        }));
        return await LogRoundTrip.RunAsync(Name, log, settings, BenchSettings.Stall, cancellationToken);
    }
}
