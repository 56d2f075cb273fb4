using System.Security.Claims;

namespace Portal.Features.Images;

/// <summary>
/// The image handler, in Serverless Image Handler's two URL forms (<c>/{base64 JSON}</c> and Thumbor
/// <c>/fit-in/WxH/filters:.../key</c>): <c>/img/...</c> reads the signed-in user's own space only;
/// <c>/catalog-img/...</c> reads product photos, for anyone.
/// </summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/img/{**path}", ["GET", "HEAD"], (HttpContext http, string path, ImageHandler handler) =>
                handler.HandleAsync(http, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, path, isPublic: false))
            .RequireAuthorization().RequireCors(ImagesComposition.CorsPolicy).ExcludeFromDescription();

        app.MapMethods("/catalog-img/{**path}", ["GET", "HEAD"], (HttpContext http, string path, ImageHandler handler) =>
                handler.HandleAsync(http, ImagesComposition.CatalogSpace, path, isPublic: true))
            .AllowAnonymous().RequireCors(ImagesComposition.CorsPolicy).ExcludeFromDescription();
        return app;
    }
}
