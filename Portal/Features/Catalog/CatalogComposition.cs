using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

public static class CatalogComposition
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<CatalogChangeFeed>();
        // Every instance's grids and shop pages hear catalog changes made anywhere, through the event log.
        services.AddHostedService<CatalogLiveUpdates>();
        services.AddSingleton<CatalogPhotos>();
        services.AddScoped<CatalogService>();
        services.AddScoped<CatalogBulkActions>();
        services.AddScoped<CatalogImport>();
        return services;
    }
}
