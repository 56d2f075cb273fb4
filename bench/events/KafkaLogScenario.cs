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
    private const int Batch = 1000;

    public string Name => "kafka-log";

    public string Description => "KafkaEventLog: PublishAsync batches of 1,000; PollAsync(1,000) + CommitAsync per poll";

    public async Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var topic = settings.Topic(Name);
        var payload = settings.Payload();
        var headers = new Dictionary<string, string> { ["ce_type"] = "portal.bench.event.v1", ["ce_specversion"] = "1.0" };
        using var log = new KafkaEventLog(Options.Create(new KafkaOptions
        {
            BootstrapServers = settings.BootstrapServers,
            ClientId = "portal-bench",
            SessionTimeout = TimeSpan.FromSeconds(6),
            HeartbeatInterval = TimeSpan.FromSeconds(1),
        }));
        await log.PublishAsync([new LogMessage(topic, "warm-up", payload, headers)], cancellationToken);
        await using var consumer = log.Subscribe(new ConsumerSettings($"bench-{Guid.NewGuid():N}", [topic]));
        var warmUp = await consumer.PollAsync(1, TimeSpan.FromSeconds(60), cancellationToken);
        if (warmUp.Count == 0) throw new InvalidOperationException("the consumer got no partitions in 60 s");
        await consumer.CommitAsync(new Dictionary<TopicPartition, long> { [warmUp[0].TopicPartition] = warmUp[0].Offset + 1 }, cancellationToken);

        var clock = new BenchClock();
        double produceSeconds = 0;
        var producing = Task.Run(async () =>
        {
            for (var start = 0; start < settings.Messages; start += Batch)
                await log.PublishAsync(Enumerable.Range(start, Math.Min(Batch, settings.Messages - start))
                    .Select(i => new LogMessage(topic, settings.Key(i), payload, headers)).ToList(), cancellationToken);
            produceSeconds = clock.Seconds;
        }, cancellationToken);

        var received = 0;
        var heard = clock.Seconds;
        while (received < settings.Messages)
        {
            var records = await consumer.PollAsync(Batch, TimeSpan.FromMilliseconds(500), cancellationToken);
            if (records.Count == 0)
            {
                if (producing.IsFaulted) await producing;
                if (clock.Seconds - heard > BenchSettings.Stall.TotalSeconds)
                    throw new InvalidOperationException($"stalled after {received} of {settings.Messages} events");
                continue;
            }
            heard = clock.Seconds;
            received += records.Count;
            var next = records.GroupBy(r => r.TopicPartition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);
            await consumer.CommitAsync(next, cancellationToken);
        }
        var endToEnd = clock.Seconds;
        await producing;
        return new ScenarioResult(Name, settings.Messages, settings.MessageBytes, produceSeconds, endToEnd, clock.CpuSeconds);
    }
}
