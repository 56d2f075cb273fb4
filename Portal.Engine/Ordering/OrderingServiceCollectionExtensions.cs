using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Ordering;

public static class OrderingServiceCollectionExtensions
{
    /// <summary>Shipping methods (validated at start-up) and their rates.</summary>
    public static IServiceCollection AddOrdering(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShippingOptions>().Bind(configuration.GetSection(ShippingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ShippingOptions>, ShippingOptionsValidator>();
        services.AddSingleton<ShippingRates>();
        return services;
    }
}
