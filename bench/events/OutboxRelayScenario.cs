using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Relay;
using Portal.Engine.Messaging.Worker;

namespace Portal.Bench.Events;

/// <summary>
/// Part (b): the whole pipeline on PostgreSQL. Writers put the events into the outbox (transactions of 1,000 rows each,
/// through EF as <c>OutboxWriter.Enqueue</c> + SaveChanges, or through <c>OutboxWriter.WriteAsync</c>, the bulk path: a
/// binary COPY in the writer's transaction; several writers at once as a shop's concurrent requests would be) while the app's <see cref="OutboxRelay"/> publishes them to the <c>KafkaEventLog</c> and
/// the app's <see cref="BatchWorker"/> hands them to a handler that does nothing but count. Ends when the handler has
/// seen every event (distinct ids; the worker commits right after).
/// </summary>
public sealed class OutboxRelayScenario(string name, int relayBatch, int workerBatch, int writers = 1, int rowsPerTransaction = 1000,
    bool bulk = false) : IEventsScenario
{
    public string Name => name;

    public string Description =>
        $"{writers} writer(s), transactions of {rowsPerTransaction:N0} rows {(bulk ? "(OutboxWriter.WriteAsync: binary COPY)" : "(OutboxWriter.Enqueue + SaveChanges)")} "
        + $"-> outbox (PostgreSQL) -> OutboxRelay (BatchSize {relayBatch:N0}) -> KafkaEventLog -> BatchWorker (BatchSize {workerBatch:N0}), no-op handler";

    public async Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var connectionString = await PortalStack.NewPostgresDatabaseAsync(Name, cancellationToken);
        var config = PortalStack.Settings("Postgres", connectionString, settings.BootstrapServers);
        config[$"Events:Topics:{EventFamilies.Activity}"] = settings.Topic(Name);
        config["Events:Relay:BatchSize"] = relayBatch.ToString();
        config["Events:Relay:PollInterval"] = "00:00:00.050";
        config["Events:Worker:BatchSize"] = workerBatch.ToString();
        config["Events:Worker:GroupPrefix"] = $"bench-{Guid.NewGuid():N}";
        var handler = new CountingHandler(settings.WarmUp + settings.Messages);
        await using var stack = await PortalStack.StartAsync(config, (services, configuration) =>
        {
            services.AddOutboxRelay(configuration);
            services.AddSingleton<IEventBatchHandler>(handler);
            services.AddBatchWorker(configuration);
        }, cancellationToken);
        var dbs = stack.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var query = new string('q', Math.Max(1, settings.MessageBytes - 130)); // about MessageBytes of JSON per event

        // Warm-up: settings.WarmUp events the same way (writers, relay, worker) before the clock starts; the handler waits for those and the measured ones.
        var warmUp = Write(settings.Messages, settings.WarmUp);
        while (handler.Count < settings.WarmUp)
        {
            // Once the warm-up's writes are done WhenAny(warmUp, ...) returns at once: wait out the pause instead of spinning.
            var pause = Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            await (warmUp.IsCompleted ? pause : Task.WhenAny(warmUp, pause));
            if (warmUp.IsFaulted) await warmUp;
            if (handler.Silent(TimeSpan.FromSeconds(120))) throw new InvalidOperationException($"warm-up stalled after {handler.Count} of {settings.WarmUp} events");
        }
        await warmUp;

        var clock = new BenchClock();
        double produceSeconds = 0;
        var producing = Write(0, settings.Messages).ContinueWith(t => { produceSeconds = clock.Seconds; return t; }, TaskScheduler.Default).Unwrap();

        while (!handler.Done.IsCompleted)
        {
            await Task.WhenAny(handler.Done, Task.Delay(TimeSpan.FromSeconds(1), cancellationToken));
            if (producing.IsFaulted) await producing;
            if (handler.Silent(TimeSpan.FromSeconds(120)))
                throw new InvalidOperationException($"stalled after {handler.Count} of {settings.Messages} events");
        }
        var endToEnd = clock.Seconds;
        await producing;
        return new ScenarioResult(Name, settings.Messages, settings.MessageBytes, produceSeconds, endToEnd, clock.CpuSeconds);

        // Events first .. first+count-1 by the writers at once, each taking the next transaction in turn, so together they write each once.
        Task Write(int first, int count)
        {
            var nextTransaction = -1;
            return Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
            {
                int start;
                while ((start = Interlocked.Increment(ref nextTransaction) * rowsPerTransaction) < count)
                {
                    var events = Enumerable.Range(first + start, Math.Min(rowsPerTransaction, count - start))
                        .Select(i => (IIntegrationEvent)new SearchMade(settings.Key(i), null, query, i));
                    await using var db = await dbs.CreateDbContextAsync(cancellationToken);
                    var now = DateTime.UtcNow;
                    if (bulk)
                    {
                        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                        await OutboxWriter.WriteAsync(db, events, now, cancellationToken);
                        await transaction.CommitAsync(cancellationToken);
                    }
                    else
                    {
                        foreach (var e in events) OutboxWriter.Enqueue(db, e, now);
                        await db.SaveChangesAsync(cancellationToken);
                    }
                }
            }, cancellationToken)));
        }
    }

    /// <summary>The no-op handler: counts distinct event ids and says when it has seen them all.</summary>
    private sealed class CountingHandler(int expected) : IEventBatchHandler
    {
        private readonly HashSet<string> seen = [];
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long lastHeard = Stopwatch.GetTimestamp();

        public string Name => "bench-noop";

        public IReadOnlyCollection<string> Families => [EventFamilies.Activity];

        public Task Done => done.Task;

        public int Count { get { lock (seen) return seen.Count; } }

        /// <summary>Whether no new event came for <paramref name="span"/>.</summary>
        public bool Silent(TimeSpan span) { lock (seen) return Stopwatch.GetElapsedTime(lastHeard) > span; }

        public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken)
        {
            lock (seen)
            {
                foreach (var record in batch.Records) seen.Add(record.Envelope.Id);
                lastHeard = Stopwatch.GetTimestamp();
                if (seen.Count >= expected) done.TrySetResult();
            }
            return Task.FromResult(BatchResponse.Success);
        }
    }
}
