using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Engine.Analytics.Access;

public static class AnalystAccessKeysServiceCollectionExtensions
{
    /// <summary>The access key service, also as <see cref="IAnalystAccessKeys"/> (needs Data Protection and the database), and the bearer sign-ins' <see cref="AnalystKeyCache"/>.</summary>
    public static IServiceCollection AddAnalystAccessKeys(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(AnalystKeyCache))) return services;
        services.AddSingleton<AnalystKeyCache>();
        services.AddSingleton<Portal.Engine.Data.IDatabaseChangeSubscriber>(sp => sp.GetRequiredService<AnalystKeyCache>());
        services.TryAddScoped<AnalystAccessKeyService>();
        services.TryAddScoped<IAnalystAccessKeys>(sp => sp.GetRequiredService<AnalystAccessKeyService>());
        return services;
    }
}
