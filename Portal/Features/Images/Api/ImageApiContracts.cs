using System.ComponentModel;
using Portal.Engine.Images;

namespace Portal.Features.Images.Api;

/// <summary>A saved rendition of an image and where to download it (with the same credentials as the API).</summary>
public sealed record ImageRenditionResponse(
    int Id,
    [property: Description("The edits, format and quality in words, e.g. \"800 px wide, WebP quality 80\".")] string Description,
    string ContentType, long SizeBytes, DateTime CreatedAt,
    [property: Description("GET it with the same session or token to download the rendition.")] string Url);

/// <summary>What processing read from an image (once Ready).</summary>
public sealed record ImageMetadataResponse(
    [property: Description("The original's format by its bytes: jpeg, png, webp or gif.")] string? Format,
    [property: Description("Upright width in pixels (after EXIF orientation).")] int? Width,
    [property: Description("Upright height in pixels (after EXIF orientation).")] int? Height,
    [property: Description("Camera make and model from EXIF, when the photo has them.")] string? Camera,
    [property: Description("When the photo was taken, from EXIF (the camera's clock), when it has it.")] DateTime? TakenAt,
    [property: Description("The most common colour, #rrggbb.")] string? DominantColor,
    [property: Description("64-bit perceptual hash (DCT) as 16 hex digits: near-duplicates differ in few bits.")] string? PerceptualHash,
    [property: Description("An older image of yours this one nearly duplicates, if any.")] Guid? DuplicateOf,
    DateTime? ProcessedAt);

/// <summary>One of the caller's images: its processing status and, once Ready, what is known of it and its renditions.</summary>
public sealed record ImageResponse(
    Guid Id, string FileName, string ContentType, long SizeBytes,
    [property: Description("Upright width in pixels, when known.")] int? Width,
    [property: Description("Upright height in pixels, when known.")] int? Height,
    [property: Description("Uploaded (accepted, waiting), Processing, Ready or Failed.")] ImageStatus Status,
    [property: Description("Why processing failed, when Status is Failed (POST .../retry to try again).")] string? Error,
    DateTime CreatedAt, DateTime UpdatedAt,
    [property: Description("This image in the API.")] string Url,
    [property: Description("GET it with the same session or token to download the original as uploaded.")] string OriginalUrl,
    [property: Description("The standard WebP thumbnail, once Ready.")] string? ThumbnailUrl,
    [property: Description("The standard web-size WebP rendition, once Ready.")] string? WebUrl,
    [property: Description("What processing read from the image, once Ready.")] ImageMetadataResponse? Metadata,
    [property: Description("Renditions saved in the editor, once Ready.")] IReadOnlyList<ImageRenditionResponse> Renditions)
{
    public static ImageResponse From(ImageAsset image)
    {
        var url = ImageApi.UrlOf(image.Id);
        var ready = image.Status == ImageStatus.Ready;
        var renditions = ready
            ? image.Renditions.OrderBy(r => r.Id)
                .Select(r => new ImageRenditionResponse(r.Id, RenditionDescription.Of(r), r.ContentType, r.SizeBytes, r.CreatedAt, $"{url}/renditions/{r.Id}"))
                .ToList()
            : [];
        var metadata = ready
            ? new ImageMetadataResponse(image.Format, image.Width, image.Height, image.Camera, image.TakenAt, image.DominantColor,
                image.PerceptualHash is { } hash ? hash.ToString("x16") : null, image.DuplicateOfId, image.ProcessedAt)
            : null;
        return new ImageResponse(image.Id, image.FileName, image.ContentType, image.SizeBytes, image.Width, image.Height, image.Status, image.Error,
            image.CreatedAt, image.UpdatedAt, url, $"{url}/original",
            ready && image.ThumbnailKey is not null ? $"{url}/thumbnail" : null, ready && image.WebKey is not null ? $"{url}/web" : null,
            metadata, renditions);
    }
}

/// <summary>One page of the caller's images, newest first.</summary>
public sealed record ImagePageResponse(
    IReadOnlyList<ImageResponse> Items, int Page, int PageSize,
    [property: Description("How many images the caller has in all.")] int Total,
    [property: Description("The next page, or null on the last one.")] string? Next);
