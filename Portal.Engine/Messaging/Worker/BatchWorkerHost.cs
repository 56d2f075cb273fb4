using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>Runs one <see cref="BatchWorker"/> per registered <see cref="IEventBatchHandler"/> while the app runs.</summary>
public sealed class BatchWorkerHost(IEnumerable<IEventBatchHandler> handlers, IEventLog log, IDbContextFactory<PortalDbContext> dbs,
    IOptions<WorkerOptions> options, IOptions<EventsOptions> events, PipelineMetrics metrics, TimeProvider clock, ILoggerFactory loggers)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var twice = handlers.GroupBy(h => h.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (twice.Count > 0)
            throw new InvalidOperationException($"Event handler names must be unique (they name consumer groups and dead letters): {string.Join(", ", twice)}.");
        var workers = handlers.Select(handler => new BatchWorker(handler, log, dbs, options.Value, events.Value, metrics, clock,
            loggers.CreateLogger<BatchWorker>()));
        // Each on its own task: a handler's slow batch never holds another's.
        return Task.WhenAll(workers.Select(worker => Task.Run(() => worker.RunAsync(stoppingToken), CancellationToken.None)));
    }
}
