using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Relay;

public static class RelayServiceCollectionExtensions
{
    /// <summary>
    /// The outbox relay (a hosted service in every instance; one at a time publishes), its <c>Events:Relay</c> settings and the
    /// "events" ready check. Needs an <see cref="Log.IEventLog"/> (AddEmbeddedEventLog or AddKafkaEventLog).
    /// </summary>
    public static IServiceCollection AddOutboxRelay(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EventsOptions>().Bind(configuration.GetSection(EventsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EventsOptions>, EventsOptionsValidator>());
        services.AddOptions<RelayOptions>().Bind(configuration.GetSection(RelayOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RelayOptions>, RelayOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RelayStatus>();
        services.AddSingleton<OutboxRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxRelay>());
        services.AddHealthChecks().AddCheck<OutboxRelayHealthCheck>("events", tags: ["ready"]);
        return services;
    }
}
