using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Log.Embedded;

public static class EmbeddedEventLogServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="EmbeddedEventLog"/> with its validated <c>Events:Embedded</c> settings, and, when <c>Events:Log</c>
    /// is <c>Embedded</c> (the default), as the <see cref="IEventLog"/> together with its retention pruner.
    /// </summary>
    public static IServiceCollection AddEmbeddedEventLog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<EmbeddedEventLogOptions>, EmbeddedEventLogOptionsValidator>();
        services.AddOptions<EmbeddedEventLogOptions>().Bind(configuration.GetSection(EmbeddedEventLogOptions.Section)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<EmbeddedEventLog>();
        if (EventsOptions.SelectedLog(configuration) != EventLogKind.Embedded) return services;
        services.AddSingleton<IEventLog>(sp => sp.GetRequiredService<EmbeddedEventLog>());
        services.AddHostedService<EmbeddedEventLogPruner>();
        return services;
    }
}
