using Portal.Engine.Imaging;
using Portal.Engine.Storage;

namespace Portal.Engine.Catalog;

/// <summary>
/// Where product photos live: the shared "catalog" image space, which <c>/catalog-img</c> serves to
/// anyone. Keys are <c>products/{itemId}-{guid}.{ext}</c>, a new key per upload, so cached renditions
/// of an old photo are never served for a new one.
/// </summary>
public sealed class CatalogPhotos(CustomerImageSpaces spaces, ImageProcessor processor)
{
    /// <summary>The image space of product photos (the same as the app's <c>ImagesComposition.CatalogSpace</c>).</summary>
    public const string Space = "catalog";
    public const string KeyPrefix = "products/";
    public const string PublicPathRoot = "/catalog-img";
    public const string PhotoField = "Photo";
    /// <summary>The box the shop, the photo dialog and the catalog API's photoUrl fit a photo in.</summary>
    public const int PhotoSize = 300;
    /// <summary>The box of the catalog grid's thumbnails.</summary>
    public const int ThumbnailSize = 48;

    /// <summary>The only sizes the portal itself asks <c>/catalog-img</c> for (see <see cref="IsPortalRendition"/>).</summary>
    public static readonly IReadOnlyList<int> RenditionSizes = [ThumbnailSize, PhotoSize];

    public CustomerImageSpace Objects => spaces.For(Space);
    public ImageProcessor Processor => processor;

    /// <summary>The public URL of the photo scaled to fit inside <paramref name="width"/>x<paramref name="height"/>, or null when there is none.</summary>
    public static string? Url(string? photoKey, int width, int height) =>
        string.IsNullOrEmpty(photoKey) ? null : $"{PublicPathRoot}/fit-in/{width}x{height}/{photoKey}";

    /// <summary>Whether <paramref name="path"/> (after <c>/catalog-img</c>) is a URL the portal's own pages make for <paramref name="photoKey"/>.</summary>
    public static bool IsPortalRendition(string path, string photoKey) =>
        RenditionSizes.Any(size => Url(photoKey, size, size) == $"{PublicPathRoot}/{path.TrimStart('/')}");

    public static string NewKey(int itemId, string extension) => $"{KeyPrefix}{itemId}-{Guid.NewGuid():N}.{extension}";

    /// <summary>Deletes a photo and its cached renditions; missing objects are fine.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        RenditionCache.DeleteSourceAsync(Objects, key, cancellationToken);
}
