using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Access;

namespace Portal.Engine.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>
    /// The demo shop: validated <c>Demo</c> settings, the seeder that fills an empty database at start-up, and the
    /// photos composed in the background after start-up (<c>Demo:Photos</c>; they need the catalog's <c>CatalogPhotos</c>).
    /// </summary>
    public static IServiceCollection AddDemo(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DemoOptions>().Bind(configuration.GetSection(DemoOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DemoDataSeeder>();
        services.AddAnalystAccessKeys();
        services.AddSingleton<DemoPhotos>();
        services.AddSingleton<DemoPhotoBackfill>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoPhotoBackfill>());
        return services;
    }
}
