using Microsoft.Extensions.Options;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;

namespace Portal.Features.Images;

/// <summary>Settings under <c>Imaging:Handler</c>: how the image endpoints answer browsers and other sites.</summary>
public sealed class ImageHandlerOptions
{
    public const string Section = "Imaging:Handler";

    /// <summary>When set, every image URL needs <c>?signature=</c>: the HMAC-SHA256 (hex) of its path with this secret.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Sites (origins such as https://shop.example.com) whose pages may fetch images cross-origin.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>How long browsers and CDNs may keep an image.</summary>
    public int CacheMaxAgeSeconds { get; set; } = 31_536_000;

    /// <summary>Memory for the renditions this instance answered lately (<see cref="RenditionMemory"/>); 0 turns it off.</summary>
    public int MemoryCacheMegabytes { get; set; } = 64;

    /// <summary>
    /// How long <see cref="CatalogFastLane"/> trusts a product photo's version without looking it up again (catalog change
    /// notifications forget it sooner): the most a deleted or replaced photo can still be answered from memory. 0 turns the fast lane off.
    /// </summary>
    public int FastLaneSourceSeconds { get; set; } = 5;

    /// <summary>Serverless Image Handler's default fallback image (<see cref="FallbackImage"/>); off unless set.</summary>
    public FallbackImageOptions Fallback { get; set; } = new();
}

/// <summary>
/// Settings under <c>Imaging:Handler:Fallback</c>, SIH's <c>ENABLE_DEFAULT_FALLBACK_IMAGE</c> and
/// <c>DEFAULT_FALLBACK_IMAGE_KEY</c>. There is no bucket setting: the key is always in the catalog's public space.
/// </summary>
public sealed class FallbackImageOptions
{
    public bool Enabled { get; set; }

    /// <summary>The fallback image's key in the catalog's public space (what <c>/catalog-img</c> serves).</summary>
    public string? Key { get; set; }
}

public sealed class ImageHandlerOptionsValidator : IValidateOptions<ImageHandlerOptions>
{
    public ValidateOptionsResult Validate(string? name, ImageHandlerOptions options)
    {
        var failures = new List<string>();
        if (options.SigningSecret is { Length: > 0 and < 16 })
            failures.Add("Imaging:Handler:SigningSecret must be at least 16 characters.");
        for (var i = 0; i < options.CorsOrigins.Count; i++)
            if (!Uri.TryCreate(options.CorsOrigins[i], UriKind.Absolute, out var origin) || origin.AbsolutePath != "/" || origin.Scheme is not ("http" or "https"))
                failures.Add($"Imaging:Handler:CorsOrigins:{i} '{options.CorsOrigins[i]}' is not an origin such as https://shop.example.com.");
        if (options.CacheMaxAgeSeconds < 0)
            failures.Add("Imaging:Handler:CacheMaxAgeSeconds cannot be negative.");
        if (options.MemoryCacheMegabytes is < 0 or > 65_536)
            failures.Add($"Imaging:Handler:MemoryCacheMegabytes must be 0 (off) to 65536, not {options.MemoryCacheMegabytes}.");
        if (options.Fallback.Enabled)
        {
            if (string.IsNullOrWhiteSpace(options.Fallback.Key))
                failures.Add("Imaging:Handler:Fallback:Key is required when Imaging:Handler:Fallback:Enabled is true: the key of the fallback image in the catalog's image space.");
            else if (!ObjectKey.IsValid(options.Fallback.Key) || RenditionCache.IsCached(options.Fallback.Key))
                failures.Add($"Imaging:Handler:Fallback:Key '{options.Fallback.Key}' is not an image key of the catalog's space (a relative key such as fallback/missing.png, not under cache/).");
        }
        if (options.FastLaneSourceSeconds is < 0 or > 300)
            failures.Add($"Imaging:Handler:FastLaneSourceSeconds must be 0 (off) to 300, not {options.FastLaneSourceSeconds}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
