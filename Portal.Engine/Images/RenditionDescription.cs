using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;

namespace Portal.Engine.Images;

/// <summary>A saved rendition in words: its edits, format and quality ("800 px wide, rotated 90°, grayscale, WebP quality 80").</summary>
public static class RenditionDescription
{
    public const string Unreadable = "Edits not readable";

    public static string Of(ImageRendition rendition)
    {
        var edits = ImageCacheKey.ReadCanonicalEdits(rendition.EditsJson);
        if (edits is null) return Unreadable;
        var format = ImageFormats.Parse(rendition.ContentType.StartsWith("image/", StringComparison.Ordinal) ? rendition.ContentType["image/".Length..] : null);
        return ImageEditsDescription.Describe(edits, format);
    }

    /// <summary>
    /// The edits kept with a rendition: with the quality it was written at when its format has one (JPEG, WebP), as the
    /// image handler's edits object carries it (<c>jpeg.quality</c>, <c>webp.quality</c>), so the description can name it.
    /// </summary>
    public static ImageEdits Recorded(ImageEdits edits, ImageFormat format, int? quality) => quality is null ? edits : format switch
    {
        ImageFormat.Jpeg => edits with { JpegQuality = quality },
        ImageFormat.Webp => edits with { WebpQuality = quality },
        _ => edits,
    };
}
