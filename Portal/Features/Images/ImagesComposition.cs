using Microsoft.Extensions.Options;
using Portal.Engine.Images;
using Portal.Engine.Imaging;

namespace Portal.Features.Images;

public static class ImagesComposition
{
    public const string CorsPolicy = "images";
    /// <summary>The space that holds product photos, readable by anyone through <c>/catalog-img</c>.</summary>
    public const string CatalogSpace = "catalog";

    /// <summary>The image handler, customers' image library and the handler's CORS policy. Needs the object store and the imaging engine.</summary>
    public static IServiceCollection AddImages(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ImageHandlerOptions>, ImageHandlerOptionsValidator>();
        services.AddOptions<ImageHandlerOptions>().Bind(configuration.GetSection(ImageHandlerOptions.Section)).ValidateOnStart();
        services.AddScoped<ImageHandler>();
        services.AddScoped<FallbackImage>();
        services.AddSingleton<RenditionMemory>();
        services.AddSingleton<CatalogAnswers>();
        services.AddSingleton<CatalogSourceVersions>();
        services.AddSingleton<CatalogFastLaneLimiter>();
        services.AddSingleton<ImageUrlSigner>();
        services.AddScoped<ImageLibrary>();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<ImageHandlerOptions>>((cors, handler) =>
        {
            var origins = handler.Value.CorsOrigins.Select(o => o.TrimEnd('/')).ToArray();
            cors.AddPolicy(CorsPolicy, policy => policy.WithOrigins(origins).WithMethods("GET", "HEAD").AllowAnyHeader()
                .WithExposedHeaders("ETag", "Content-Length", ImageHandler.CacheStatusHeader).SetPreflightMaxAge(TimeSpan.FromHours(1)));
        });
        return services;
    }
}
