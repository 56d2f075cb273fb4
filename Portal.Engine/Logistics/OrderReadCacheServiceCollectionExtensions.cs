using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;

namespace Portal.Engine.Logistics;

public static class OrderReadCacheServiceCollectionExtensions
{
    /// <summary>The order read cache, kept in step with the database by the <see cref="DatabaseChangeListener"/>.</summary>
    public static IServiceCollection AddOrderReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderReadCacheOptions>().Bind(configuration.GetSection(OrderReadCacheOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderReadCache>();
        services.AddSingleton<IDatabaseChangeSubscriber>(sp => sp.GetRequiredService<OrderReadCache>());
        services.AddHealthChecks().AddCheck<OrderReadCacheHealthCheck>("order-read-cache", tags: ["ready"]);
        return services;
    }
}
