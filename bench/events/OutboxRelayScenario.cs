using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Relay;
using Portal.Engine.Messaging.Worker;

namespace Portal.Bench.Events;

/// <summary>
/// Part (b): the whole pipeline on PostgreSQL. A writer puts the events into the outbox (transactions of 1,000 rows, as
/// EF writes them in the app) while the app's <see cref="OutboxRelay"/> publishes them to the <c>KafkaEventLog</c> and
/// the app's <see cref="BatchWorker"/> hands them to a handler that does nothing but count. Ends when the handler has
/// seen every event (distinct ids; the worker commits right after).
/// </summary>
public sealed class OutboxRelayScenario(string name, int relayBatch, int workerBatch) : IEventsScenario
{
    public string Name => name;

    public string Description => $"outbox (PostgreSQL) -> OutboxRelay (BatchSize {relayBatch:N0}) -> KafkaEventLog -> BatchWorker (BatchSize {workerBatch:N0}), no-op handler";

    public async Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var connectionString = await PortalStack.NewPostgresDatabaseAsync(Name, cancellationToken);
        var config = PortalStack.Settings("Postgres", connectionString, settings.BootstrapServers);
        config[$"Events:Topics:{EventFamilies.Activity}"] = settings.Topic(Name);
        config["Events:Relay:BatchSize"] = relayBatch.ToString();
        config["Events:Relay:PollInterval"] = "00:00:00.050";
        config["Events:Worker:BatchSize"] = workerBatch.ToString();
        config["Events:Worker:GroupPrefix"] = $"bench-{Guid.NewGuid():N}";
        var handler = new CountingHandler(settings.Messages);
        await using var stack = await PortalStack.StartAsync(config, (services, configuration) =>
        {
            services.AddOutboxRelay(configuration);
            services.AddSingleton<IEventBatchHandler>(handler);
            services.AddBatchWorker(configuration);
        }, cancellationToken);
        var dbs = stack.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var query = new string('q', Math.Max(1, settings.MessageBytes - 130)); // about MessageBytes of JSON per event

        var clock = new BenchClock();
        double produceSeconds = 0;
        var producing = Task.Run(async () =>
        {
            for (var start = 0; start < settings.Messages; start += 1000)
            {
                await using var db = await dbs.CreateDbContextAsync(cancellationToken);
                var now = DateTime.UtcNow;
                for (var i = start; i < Math.Min(start + 1000, settings.Messages); i++)
                    OutboxWriter.Enqueue(db, new SearchMade(settings.Key(i), null, query, i), now);
                await db.SaveChangesAsync(cancellationToken);
            }
            produceSeconds = clock.Seconds;
        }, cancellationToken);

        while (!handler.Done.IsCompleted)
        {
            await Task.WhenAny(handler.Done, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            if (producing.IsFaulted) await producing;
            if (clock.Seconds - handler.LastHeard(clock) > 120)
                throw new InvalidOperationException($"stalled after {handler.Count} of {settings.Messages} events");
        }
        var endToEnd = clock.Seconds;
        await producing;
        return new ScenarioResult(Name, settings.Messages, settings.MessageBytes, produceSeconds, endToEnd, clock.CpuSeconds);
    }

    /// <summary>The no-op handler: counts distinct event ids and says when it has seen them all.</summary>
    private sealed class CountingHandler(int expected) : IEventBatchHandler
    {
        private readonly HashSet<string> seen = [];
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private double lastHeard;

        public string Name => "bench-noop";

        public IReadOnlyCollection<string> Families => [EventFamilies.Activity];

        public Task Done => done.Task;

        public int Count { get { lock (seen) return seen.Count; } }

        public double LastHeard(BenchClock clock) { lock (seen) return lastHeard == 0 ? lastHeard = clock.Seconds : lastHeard; }

        public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                foreach (var record in batch.Records) seen.Add(record.Envelope.Id);
                lastHeard = 0;
                if (seen.Count >= expected) done.TrySetResult();
            }
            return Task.FromResult(BatchResponse.Success);
        }
    }
}
