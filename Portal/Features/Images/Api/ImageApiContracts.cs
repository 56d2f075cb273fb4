using System.ComponentModel;
using Portal.Engine.Images;

namespace Portal.Features.Images.Api;

/// <summary>A saved rendition of an image and where to download it (with the same credentials as the API).</summary>
public sealed record ImageRenditionResponse(
    int Id,
    [property: Description("The edits, format and quality in words, e.g. \"800 px wide, WebP quality 80\".")] string Description,
    string ContentType, long SizeBytes, DateTime CreatedAt,
    [property: Description("GET it with the same session or token to download the rendition.")] string Url);

/// <summary>One of the caller's images: its processing status and, once Ready, what is known of it and its renditions.</summary>
public sealed record ImageResponse(
    Guid Id, string FileName, string ContentType, long SizeBytes,
    [property: Description("Upright width in pixels (after EXIF orientation), when known.")] int? Width,
    [property: Description("Upright height in pixels (after EXIF orientation), when known.")] int? Height,
    [property: Description("Uploaded (accepted, waiting), Processing, Ready or Failed.")] ImageStatus Status,
    [property: Description("Why processing failed, when Status is Failed.")] string? Error,
    DateTime CreatedAt, DateTime UpdatedAt,
    [property: Description("This image in the API.")] string Url,
    [property: Description("GET it with the same session or token to download the original as uploaded.")] string OriginalUrl,
    [property: Description("Renditions, listed once the image is Ready.")] IReadOnlyList<ImageRenditionResponse> Renditions)
{
    public static ImageResponse From(ImageAsset image)
    {
        var url = ImageApi.UrlOf(image.Id);
        var renditions = image.Status == ImageStatus.Ready
            ? image.Renditions.OrderBy(r => r.Id)
                .Select(r => new ImageRenditionResponse(r.Id, RenditionDescription.Of(r), r.ContentType, r.SizeBytes, r.CreatedAt, $"{url}/renditions/{r.Id}"))
                .ToList()
            : [];
        return new ImageResponse(image.Id, image.FileName, image.ContentType, image.SizeBytes, image.Width, image.Height, image.Status, image.Error,
            image.CreatedAt, image.UpdatedAt, url, $"{url}/original", renditions);
    }
}

/// <summary>One page of the caller's images, newest first.</summary>
public sealed record ImagePageResponse(
    IReadOnlyList<ImageResponse> Items, int Page, int PageSize,
    [property: Description("How many images the caller has in all.")] int Total,
    [property: Description("The next page, or null on the last one.")] string? Next);
