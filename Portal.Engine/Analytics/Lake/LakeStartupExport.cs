using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace Portal.Engine.Analytics.Lake;

/// <summary>
/// At start-up, exports in the background when the dataset is missing or older than the schedule says it should be
/// (a run was due since the manifest was written), so a fresh start has a dataset within a minute and the app is
/// ready without waiting for it.
/// </summary>
public sealed class LakeStartupExport(ILakeExports exports, ILakeManifestReader manifests, IOptions<LakeOptions> options,
    TimeProvider clock, ILogger<LakeStartupExport> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            var manifest = await manifests.CurrentAsync(stoppingToken);
            if (manifest is not null && !IsDue(manifest.CreatedAt, options.Value.Schedule, clock.GetUtcNow())) return;
            logger.LogInformation("Lake: {Reason}; exporting now", manifest is null ? "no dataset yet" : $"the dataset of {manifest.CreatedAt:u} is older than the schedule");
            await exports.RunAsync(LakeExportTrigger.Startup, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception e) { logger.LogError(e, "Lake: the start-up export could not start"); }
    }

    /// <summary>True when the schedule fired (or should have) between the dataset's export and now.</summary>
    public static bool IsDue(DateTime exportedAt, string schedule, DateTimeOffset now) =>
        new CronExpression(schedule, TimeZoneInfo.Utc).GetNextValidTimeAfter(new DateTimeOffset(DateTime.SpecifyKind(exportedAt, DateTimeKind.Utc))) is not { } next
        || next <= now;
}
