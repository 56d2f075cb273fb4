using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;

namespace Portal.Tests.Features.Images.Conformance;

/// <summary>
/// SIH's default fallback image in the conformance apps: SIH's tests set <c>DEFAULT_FALLBACK_IMAGE_KEY=fallback-image.png</c>;
/// here the key is in the catalog's space (where the portal reads it for both endpoints), one fallback without and one
/// with its own Cache-Control (<see cref="FallbackImage.CacheControlMetadata"/>, SIH's <c>CacheControl: "max-age=12,public"</c>).
/// </summary>
public static class SihFallback
{
    public const string Key = "fallback-image.png", KeyWithCacheControl = "fallback-image-cached.png", MissingKey = "no-such-fallback.png";
    public const int Width = 30, Height = 20;

    /// <summary>Unlike every source: a flat cyan 30x20 PNG.</summary>
    public static readonly byte[] Bytes = TestImages.Png(TestImages.Flat(Width, Height, new SkiaSharp.SKColor(0, 255, 255)));

    public static void Configure(SihApp app, Dictionary<string, string?> settings)
    {
        var key = app switch
        {
            SihApp.Fallback => Key,
            SihApp.FallbackWithCacheControl => KeyWithCacheControl,
            SihApp.FallbackMissing => MissingKey,
            _ => null,
        };
        if (key is null) return;
        settings["Imaging:Handler:Fallback:Enabled"] = "true";
        settings["Imaging:Handler:Fallback:Key"] = key;
    }

    public static async Task PutAsync(CustomerImageSpaces spaces)
    {
        var catalog = spaces.For(ImagesComposition.CatalogSpace);
        await catalog.PutAsync(Key, new MemoryStream(Bytes), "image/png");
        await catalog.PutAsync(KeyWithCacheControl, new MemoryStream(Bytes), "image/png",
            new Dictionary<string, string> { [FallbackImage.CacheControlMetadata] = "max-age=12,public" });
    }

    /// <summary>The fallback answered with the error's status.</summary>
    public static Picture Answer(int status, params Look[] looks) =>
        new Picture("image/png", Width, Height, [Look.Of("the fallback image's bytes", a => a.Body.AsSpan().SequenceEqual(Bytes)), .. looks]) { Status = status };

    /// <summary>
    /// <c>Cache-Control: max-age=N,public</c> on /catalog-img; on /img always private, with <paramref name="privateSeconds"/>
    /// (the request's Cache-Control counts only on a public endpoint, as for images).
    /// </summary>
    public static Look CacheControl(int publicSeconds, int privateSeconds) =>
        Look.Of($"`Cache-Control: max-age={publicSeconds},public` on /catalog-img, `private, max-age={privateSeconds}` on /img", a =>
            a.Response.Headers.CacheControl is { } c && (a.IsPublic
                ? c.Public && !c.Private && c.MaxAge == TimeSpan.FromSeconds(publicSeconds)
                : c.Private && !c.Public && c.MaxAge == TimeSpan.FromSeconds(privateSeconds)));

    public static readonly Look NoETag = Look.Of("no `ETag`", a => a.Response.Headers.ETag is null);
}
