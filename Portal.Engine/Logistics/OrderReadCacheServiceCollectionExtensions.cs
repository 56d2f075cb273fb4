using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Portal.Engine.Logistics;

public static class OrderReadCacheServiceCollectionExtensions
{
    /// <summary>The order read cache and, on PostgreSQL, the listener that keeps it in step with the database.</summary>
    public static IServiceCollection AddOrderReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OrderReadCacheOptions>().Bind(configuration.GetSection(OrderReadCacheOptions.Section))
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OrderReadCache>();
        services.AddSingleton<OrderChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<OrderChangeListener>());
        return services;
    }
}
