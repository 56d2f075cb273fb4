using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake.Export;
using Quartz;

namespace Portal.Engine.Analytics.Lake;

public static class LakeServiceCollectionExtensions
{
    /// <summary>
    /// The Parquet export to the lake (<c>Analytics:Lake</c>): <see cref="ILakeExports"/>, <see cref="ILakeManifestReader"/>,
    /// the Quartz schedule and the start-up run (both off with <c>Analytics:Lake:Enabled=false</c>). A bad setting
    /// throws here and at start-up, naming it. Needs the database and an <see cref="Storage.IObjectStore"/>.
    /// </summary>
    public static IServiceCollection AddAnalyticsLake(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(LakeOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LakeOptions>, LakeOptionsValidator>());
        services.AddOptions<LakeOptions>().Bind(section).ValidateOnStart();
        var options = section.Get<LakeOptions>() ?? new LakeOptions();
        var result = new LakeOptionsValidator().Validate(null, options);
        if (result.Failed) throw new OptionsValidationException(LakeOptions.Section, typeof(LakeOptions), result.Failures);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LakeManifestStore>();
        services.AddSingleton<ILakeManifestReader>(sp => sp.GetRequiredService<LakeManifestStore>());
        services.AddSingleton<LakePruner>();
        services.AddSingleton<LakeExporter>();
        services.AddSingleton<LakeExports>();
        services.AddSingleton<ILakeExports>(sp => sp.GetRequiredService<LakeExports>());
        if (!options.Enabled) return services;

        services.AddQuartz(quartz =>
        {
            quartz.AddJob<LakeExportJob>(job => job.WithIdentity(LakeExportJob.Key));
            quartz.AddTrigger(trigger => trigger.ForJob(LakeExportJob.Key).WithIdentity(LakeExportJob.ScheduleKey)
                .WithCronSchedule(options.Schedule, cron => cron.InTimeZone(TimeZoneInfo.Utc)));
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = false);
        if (options.RunAtStartup) services.AddHostedService<LakeStartupExport>();
        return services;
    }
}
