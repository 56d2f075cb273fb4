using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>Deletes the embedded log's records past their retention, every <see cref="EmbeddedEventLogOptions.PruneInterval"/>.</summary>
internal sealed class EmbeddedEventLogPruner(EmbeddedEventLog log, TimeProvider clock, ILogger<EmbeddedEventLogPruner> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(log.Options.PruneInterval, clock, stoppingToken);
                var pruned = await log.PruneAsync(stoppingToken);
                if (pruned > 0) logger.LogInformation("Pruned {Count} event log record(s) older than {Retention}.", pruned, log.Options.Retention);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Pruning the event log failed; trying again in {Interval}.", log.Options.PruneInterval);
            }
        }
    }
}
