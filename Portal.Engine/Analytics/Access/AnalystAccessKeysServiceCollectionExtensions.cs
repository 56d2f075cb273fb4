using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Portal.Engine.Analytics.Access;

public static class AnalystAccessKeysServiceCollectionExtensions
{
    /// <summary>The access key service, also as <see cref="IAnalystAccessKeys"/> (needs Data Protection and the database).</summary>
    public static IServiceCollection AddAnalystAccessKeys(this IServiceCollection services)
    {
        services.TryAddScoped<AnalystAccessKeyService>();
        services.TryAddScoped<IAnalystAccessKeys>(sp => sp.GetRequiredService<AnalystAccessKeyService>());
        return services;
    }
}
