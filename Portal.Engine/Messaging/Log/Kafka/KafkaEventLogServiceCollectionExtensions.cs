using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Log.Kafka;

public static class KafkaEventLogServiceCollectionExtensions
{
    /// <summary>
    /// When <c>Events:Log</c> is <c>Kafka</c>: registers <see cref="KafkaEventLog"/> as the <see cref="IEventLog"/> with
    /// <see cref="KafkaOptions"/> from <c>Events:Kafka</c> (validated at start, naming the setting). Otherwise does nothing,
    /// so it sits beside the embedded log's registration and the setting picks one.
    /// </summary>
    public static IServiceCollection AddKafkaEventLog(this IServiceCollection services, IConfiguration configuration)
    {
        if (EventsOptions.SelectedLog(configuration) != EventLogKind.Kafka) return services;
        services.AddSingleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>();
        services.AddOptions<KafkaOptions>().Bind(configuration.GetSection(KafkaOptions.Section)).ValidateOnStart();
        services.AddSingleton<KafkaEventLog>();
        services.Replace(ServiceDescriptor.Singleton<IEventLog>(sp => sp.GetRequiredService<KafkaEventLog>()));
        return services;
    }
}
