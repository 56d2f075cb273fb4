using System.Security.Claims;
using Portal.Engine.Catalog;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Requests;

namespace Portal.Features.Images;

/// <summary>
/// Whose work budget (<c>Imaging:Budget</c>) an image request draws on. URLs the portal made are its own work
/// (<see cref="ImageCaller.Internal"/>): signed ones (with a signing secret set, only the portal signs) and the catalog sizes
/// its pages ask for, whoever fetches them; they are kept in the rendition cache, so each costs once. Otherwise a signed-in
/// user's request is <see cref="ImageCaller.SignedIn"/> and anyone else's <see cref="ImageCaller.Anonymous"/>.
/// </summary>
public static class ImageCallerPolicy
{
    public static ImageCaller For(ClaimsPrincipal user, bool isPublic, bool signed, string path, ImageRequest request) =>
        signed || (isPublic && CatalogPhotos.IsPortalRendition(path, request.Key)) ? ImageCaller.Internal
        : user.Identity?.IsAuthenticated == true ? ImageCaller.SignedIn
        : ImageCaller.Anonymous;
}
