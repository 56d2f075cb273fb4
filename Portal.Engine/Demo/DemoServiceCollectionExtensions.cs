using Microsoft.Extensions.DependencyInjection;

namespace Portal.Engine.Demo;

public static class DemoServiceCollectionExtensions
{
    /// <summary>The demo shop's photos, composed in the background after start-up (<c>Demo:Photos</c>). Needs the catalog's <c>CatalogPhotos</c>.</summary>
    public static IServiceCollection AddDemoPhotos(this IServiceCollection services)
    {
        services.AddSingleton<DemoPhotos>();
        services.AddSingleton<DemoPhotoBackfill>();
        services.AddHostedService(sp => sp.GetRequiredService<DemoPhotoBackfill>());
        return services;
    }
}
