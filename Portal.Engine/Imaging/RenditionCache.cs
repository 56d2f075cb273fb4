using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;

namespace Portal.Engine.Imaging;

/// <summary>
/// The image handler's rendition cache: a rendition is made once and kept in its owner's space under <c>cache/</c>,
/// beside nothing else. Each is kept under its source's key, so deleting the source finds it. Cached renditions are
/// never sources of requests: a rendition of a cached object would be kept where deleting its source does not look.
/// </summary>
public sealed class RenditionCache(CustomerImageSpaces spaces)
{
    public const string Prefix = "cache/";

    /// <summary>
    /// Where the cached result of a request lives in the owner's space. The key does not depend on the output format,
    /// so one lookup finds it; the stored object carries its type.
    /// </summary>
    public static string KeyFor(ImageRequest request) => KeyFor(request, ImageCacheKey.For(request));

    /// <summary>The same, for a caller that already has the request's <see cref="ImageCacheKey"/>.</summary>
    public static string KeyFor(ImageRequest request, string renditionKey) => $"{Prefix}{request.Key}/{renditionKey}";

    /// <summary>Whether <paramref name="key"/> is a cached rendition (never a source of a request).</summary>
    public static bool IsCached(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The cached rendition of <paramref name="request"/> in <paramref name="ownerId"/>'s space, or null.</summary>
    public Task<StoredObject?> GetAsync(string ownerId, ImageRequest request, string renditionKey, CancellationToken cancellationToken = default) =>
        spaces.For(ownerId).GetAsync(KeyFor(request, renditionKey), cancellationToken);

    /// <summary>Keeps <paramref name="image"/> as the rendition of <paramref name="request"/>.</summary>
    public Task PutAsync(string ownerId, ImageRequest request, string renditionKey, ProcessedImage image, CancellationToken cancellationToken = default) =>
        spaces.For(ownerId).PutAsync(KeyFor(request, renditionKey), new MemoryStream(image.Content), image.ContentType, cancellationToken: cancellationToken);

    /// <summary>
    /// Deletes a source image and every cached rendition made from it, the cache first: a failure part-way leaves the
    /// source, and deleting again finishes. Missing objects are fine.
    /// </summary>
    public static async Task DeleteSourceAsync(CustomerImageSpace space, string key, CancellationToken cancellationToken)
    {
        await DeleteAllUnderAsync(space, key, cancellationToken);
        await space.DeleteAsync(key, cancellationToken);
    }

    /// <summary>Deletes the cached renditions of every source whose key starts with <paramref name="sourcePrefix"/>.</summary>
    public static Task DeleteAllUnderAsync(CustomerImageSpace space, string sourcePrefix, CancellationToken cancellationToken) =>
        space.DeletePrefixAsync(Prefix + sourcePrefix + (sourcePrefix.EndsWith('/') ? "" : "/"), cancellationToken);
}
