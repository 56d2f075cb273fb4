namespace Portal.Engine.Imaging.Formats;

/// <summary>
/// The image formats of Serverless Image Handler's outputs and sources. JPEG, PNG, WebP, GIF, TIFF and AVIF are read (by magic
/// bytes) and written; HEIF (AV1-coded, as sharp's default) and HEIC (HEVC-coded HEIF) are written only; SVG is read only, and
/// only to be rasterised by edits (never answered as markup).
/// </summary>
public enum ImageFormat { Jpeg, Png, Webp, Gif, Tiff, Avif, Heif, Heic, Svg }

public static class ImageFormats
{
    /// <summary>The names the engine writes, in the order error messages list them.</summary>
    public const string WritableNames = "jpeg, png, webp, gif, tiff, avif, heif or heic";

    /// <summary>The source formats <c>Imaging:AllowedInputFormats</c> may name, in the order error messages list them.</summary>
    public const string ReadableNames = "jpeg, png, webp, gif, tiff, avif, svg";

    /// <summary>An output format's name ("jpeg"/"jpg", "png", "webp", "gif", "tiff"/"tif", "avif", "heif", "heic", any case) or null.</summary>
    public static ImageFormat? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "jpeg" or "jpg" => ImageFormat.Jpeg,
        "png" => ImageFormat.Png,
        "webp" => ImageFormat.Webp,
        "gif" => ImageFormat.Gif,
        "tiff" or "tif" => ImageFormat.Tiff,
        "avif" => ImageFormat.Avif,
        "heif" => ImageFormat.Heif,
        "heic" => ImageFormat.Heic,
        _ => null,
    };

    public static string Name(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpeg",
        ImageFormat.Png => "png",
        ImageFormat.Webp => "webp",
        ImageFormat.Gif => "gif",
        ImageFormat.Tiff => "tiff",
        ImageFormat.Avif => "avif",
        ImageFormat.Heif => "heif",
        ImageFormat.Svg => "svg",
        _ => "heic",
    };

    /// <summary>A source format's name (an output format's, or "svg") or null.</summary>
    public static ImageFormat? ParseReadable(string? name) =>
        string.Equals(name?.Trim(), "svg", StringComparison.OrdinalIgnoreCase) ? ImageFormat.Svg : Parse(name) is { } f && f.CanRead() ? f : null;

    /// <summary>Whether a quality setting changes this format's output (PNG's makes a palette PNG instead: not a quality).</summary>
    public static bool HasQuality(this ImageFormat format) =>
        format is ImageFormat.Jpeg or ImageFormat.Webp or ImageFormat.Tiff or ImageFormat.Avif or ImageFormat.Heif or ImageFormat.Heic;

    /// <summary>As Serverless Image Handler answers: <c>image/</c> and the format's name (SVG's is <c>image/svg+xml</c>).</summary>
    public static string ContentType(this ImageFormat format) => format == ImageFormat.Svg ? "image/svg+xml" : "image/" + format.Name();

    /// <summary>Whether the engine reads this format as a source (JPEG, PNG, WebP, GIF, TIFF, AVIF; SVG only with edits).</summary>
    public static bool CanRead(this ImageFormat format) =>
        format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Webp or ImageFormat.Gif or ImageFormat.Tiff or ImageFormat.Avif or ImageFormat.Svg;

    /// <summary>The sources libvips decodes (Skia cannot): TIFF, AVIF and SVG.</summary>
    public static bool DecodedByVips(this ImageFormat format) => format is ImageFormat.Tiff or ImageFormat.Avif or ImageFormat.Svg;

    /// <summary>The refusal of an output format the engine does not write, naming it: 400 <c>ImageEdits::UnsupportedOutputFormat</c>.</summary>
    public static ImageRequestException Unsupported(string? name)
    {
        var shown = name?.Trim() ?? "";
        var reason = shown.Equals("raw", StringComparison.OrdinalIgnoreCase)
            ? "raw pixel output is not offered"
            : "it is not a format this image handler writes";
        return new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat,
            $"The output format '{shown}' is not supported: {reason}. Use {WritableNames}.");
    }
}
