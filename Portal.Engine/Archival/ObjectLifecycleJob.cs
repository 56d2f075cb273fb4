using Quartz;

namespace Portal.Engine.Archival;

/// <summary>The daily lifecycle run (Quartz fires it on <c>ObjectStore:Lifecycle:Schedule</c>, UTC).</summary>
[DisallowConcurrentExecution]
public sealed class ObjectLifecycleJob(ObjectLifecycle lifecycle) : IJob
{
    public static readonly JobKey Key = new("object-lifecycle", "storage");
    public static readonly TriggerKey ScheduleKey = new("object-lifecycle-schedule", "storage");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await lifecycle.RunAsync(cancellationToken);
}
