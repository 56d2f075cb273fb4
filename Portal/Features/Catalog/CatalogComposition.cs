using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

public static class CatalogComposition
{
    public static IServiceCollection AddCatalog(this IServiceCollection services)
    {
        services.AddSingleton<CatalogChangeFeed>();
        services.AddSingleton<CatalogPhotos>();
        services.AddScoped<CatalogService>();
        services.AddScoped<CatalogBulkActions>();
        services.AddScoped<CatalogImport>();
        return services;
    }
}
