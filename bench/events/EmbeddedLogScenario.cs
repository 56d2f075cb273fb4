using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Embedded;

namespace Portal.Bench.Events;

/// <summary>
/// The embedded log (the default, the database as the log) on PostgreSQL or SQLite: the same traffic as
/// <see cref="KafkaLogScenario"/> (publish batches of 1,000 while one group consumer polls up to 1,000 and commits each
/// poll), at most <see cref="MaxMessages"/> events since every one is a database row.
/// </summary>
public sealed class EmbeddedLogScenario(string provider) : IEventsScenario
{
    /// <summary>BENCH_EMBEDDED_MESSAGES, default 200,000: the count of this scenario when it is below the run's.</summary>
    public static int MaxMessages => int.TryParse(Environment.GetEnvironmentVariable("BENCH_EMBEDDED_MESSAGES"), out var n) ? n : 200_000;

    public string Name => $"embedded-{provider.ToLowerInvariant()}";

    public string Description => $"EmbeddedEventLog on {provider} (4 partitions): PublishAsync batches of 1,000; PollAsync(1,000) + CommitAsync per poll";

    public async Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var connectionString = provider == "Sqlite"
            ? await PortalStack.NewSqliteDatabaseAsync(cancellationToken)
            : await PortalStack.NewPostgresDatabaseAsync(Name, cancellationToken);
        var config = PortalStack.Settings(provider, connectionString, kafka: null);
        config["Events:Embedded:PollInterval"] = "00:00:00.020";
        await using var stack = await PortalStack.StartAsync(config, (_, _) => { }, cancellationToken);
        var log = stack.Services.GetRequiredService<EmbeddedEventLog>();
        var count = Math.Min(settings.Messages, MaxMessages);
        // The database as the log can pause longer between polls than a broker does.
        return await LogRoundTrip.RunAsync(Name, log, settings with { Messages = count }, BenchSettings.Stall * 4, cancellationToken);
    }
}

/// <summary>Publish batches of 1,000 to an <see cref="IEventLog"/> while a group consumer polls and commits, timed end to end.</summary>
public static class LogRoundTrip
{
    private const int Batch = 1000;

    public static async Task<ScenarioResult> RunAsync(string name, IEventLog log, BenchSettings settings, TimeSpan stall, CancellationToken cancellationToken)
    {
        var topic = settings.Topic(name);
        var payload = settings.Payload();
        var headers = new Dictionary<string, string> { ["ce_type"] = "portal.bench.event.v1", ["ce_specversion"] = "1.0" };
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
                if (clock.Seconds - heard > stall.TotalSeconds)
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
        return new ScenarioResult(name, settings.Messages, settings.MessageBytes, produceSeconds, endToEnd, clock.CpuSeconds);
    }
}
