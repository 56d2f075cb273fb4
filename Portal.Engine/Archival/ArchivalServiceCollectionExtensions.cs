using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Portal.Engine.Storage;
using Quartz;

namespace Portal.Engine.Archival;

public static class ArchivalServiceCollectionExtensions
{
    /// <summary>
    /// The lifecycle rules of <c>ObjectStore:Lifecycle</c> (validated with the rest of <c>ObjectStore</c> by
    /// <see cref="ObjectStoreServiceCollectionExtensions.AddObjectStore"/>): nothing while every rule is off; otherwise
    /// the object classifier (S3 tags new objects with it), the start-up application on S3, and the daily job.
    /// </summary>
    public static IServiceCollection AddArchival(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(ObjectStoreOptions.Section).Get<ObjectStoreOptions>()?.Lifecycle ?? new ObjectLifecycleSettings();
        if (!settings.Enabled) return services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ImageObjectClassifier>();
        services.AddSingleton<IObjectLifecycleClassifier>(sp => sp.GetRequiredService<ImageObjectClassifier>());
        services.AddSingleton<ObjectLifecycle>();
        services.AddHostedService<ObjectLifecycleStartup>();
        services.AddQuartz(quartz =>
        {
            quartz.AddJob<ObjectLifecycleJob>(job => job.WithIdentity(ObjectLifecycleJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(ObjectLifecycleJob.Key).WithIdentity(ObjectLifecycleJob.ScheduleKey)
                .WithCronSchedule(settings.Schedule, cron => cron.InTimeZone(TimeZoneInfo.Utc)));
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = false);
        return services;
    }
}
