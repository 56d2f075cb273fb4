using Quartz;

namespace Portal.Engine.Analytics.Lake;

/// <summary>The scheduled export (Quartz fires it on <c>Analytics:Lake:Schedule</c>).</summary>
[DisallowConcurrentExecution]
public sealed class LakeExportJob(ILakeExports exports) : IJob
{
    public static readonly JobKey Key = new("lake-export", "analytics");

    /// <summary>The cron trigger that fires it on <c>Analytics:Lake:Schedule</c> (UTC).</summary>
    public static readonly TriggerKey ScheduleKey = new("lake-export-schedule", "analytics");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await exports.RunAsync(LakeExportTrigger.Schedule, cancellationToken);
}
