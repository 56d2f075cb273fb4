using Portal.Engine.Catalog;
using Portal.Engine.Imaging.Requests;

namespace Portal.Features.Images;

/// <summary>
/// Which renditions the image handler keeps in the object store under <c>cache/</c>. <c>/img</c> keeps every rendition, in the
/// signed-in owner's own space. <c>/catalog-img</c> is public, so anyone could ask it for endless sizes and edits: it keeps a
/// rendition only when its URL was signed (with a signing secret set, only the portal makes those) or is one the portal's own
/// pages request (<see cref="CatalogPhotos.IsPortalRendition"/>, without query edits). Other renditions are made and answered (browsers and CDNs
/// may still keep them) but not stored.
/// </summary>
public static class RenditionCachePolicy
{
    public static bool Keeps(bool isPublic, bool signed, string path, ImageRequest request, ImageQuery query) =>
        !isPublic || signed || (!query.HasEdits && CatalogPhotos.IsPortalRendition(path, request.Key));
}
