using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Worker;

public static class BatchWorkerServiceCollectionExtensions
{
    /// <summary>
    /// The batch worker (<c>Events:Worker</c>, validated at start): the metrics, the pipeline's monitor for the Admin page, and,
    /// when <see cref="WorkerOptions.Enabled"/> (the default), the hosted service that runs every registered
    /// <see cref="IEventBatchHandler"/>. Web-only instances set it false and leave the work to worker instances.
    /// Needs an <see cref="Log.IEventLog"/> (AddEmbeddedEventLog or AddKafkaEventLog).
    /// </summary>
    public static IServiceCollection AddBatchWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>());
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<WorkerOptions>, WorkerOptionsValidator>();
        services.AddSingleton<IValidateOptions<WorkerOptions>>(new WorkerPollIntervalValidator(configuration));
        var section = configuration.GetSection(WorkerOptions.Section);
        services.AddOptions<WorkerOptions>().Bind(section).ValidateOnStart();
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<PipelineMetrics>();
        services.AddSingleton<PipelineMonitor>();
        if (section.GetValue(nameof(WorkerOptions.Enabled), true)) services.AddHostedService<BatchWorkerHost>();
        return services;
    }
}
