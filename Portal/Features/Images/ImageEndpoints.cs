using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Portal.Composition.RateLimits;

namespace Portal.Features.Images;

/// <summary>
/// The image handler, in Serverless Image Handler's two URL forms (<c>/{base64 JSON}</c> and Thumbor
/// <c>/fit-in/WxH/filters:.../key</c>): <c>/img/...</c> reads the signed-in user's own space only, for the roles of the
/// Images area (the others have no images: a 403 in the handler's JSON); <c>/catalog-img/...</c> reads product photos, for anyone.
/// Every answer but the anonymous <c>/img</c> one (401, as for any signed-in route) is the handler's: an image or its JSON error,
/// a bare <c>/img</c> or <c>/img/</c> too (the path is optional so the handler, not the binder, refuses it).
/// </summary>
public static class ImageEndpoints
{
    public static IEndpointRouteBuilder MapImageEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods("/img/{**path}", ["GET", "HEAD"], async (HttpContext http, string? path, ImageHandler handler, IAuthorizationService authorization) =>
                (await authorization.AuthorizeAsync(http.User, AreaPolicies.Images)).Succeeded
                    ? await handler.HandleAsync(http, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!, path ?? "", isPublic: false)
                    : ImageHandler.Error(http, StatusCodes.Status403Forbidden, ImageHandler.NotAnImageOwner,
                        "Only the roles of the Images area have images; yours has none to serve."))
            .RequireAuthorization().RequireCors(ImagesComposition.CorsPolicy).RequireRateLimiting(PortalRateLimits.Images).ExcludeFromDescription();

        app.MapMethods("/catalog-img/{**path}", ["GET", "HEAD"], (HttpContext http, string? path, ImageHandler handler) =>
                handler.HandleAsync(http, ImagesComposition.CatalogSpace, path ?? "", isPublic: true))
            .AllowAnonymous().RequireCors(ImagesComposition.CorsPolicy).RequireRateLimiting(PortalRateLimits.Images).ExcludeFromDescription();
        return app;
    }
}
