using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Engine.Storage;

namespace Portal.Engine.Archival;

/// <summary>On S3, applies the lifecycle rules to the buckets at start-up, in the background (the app does not wait for it).</summary>
public sealed class ObjectLifecycleStartup(IObjectStore store, ObjectLifecycle lifecycle, ILogger<ObjectLifecycleStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not S3ObjectStore) return;
        await Task.Yield();
        try { await lifecycle.RunAsync(stoppingToken); }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e) { logger.LogError(e, "Object lifecycle: the rules could not be applied at start-up; the daily run tries again"); }
    }
}
