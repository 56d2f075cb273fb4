namespace Portal.Engine.Imaging.Formats;

/// <summary>
/// The image formats of Serverless Image Handler's outputs. JPEG, PNG, WebP and GIF are also read (by magic bytes);
/// TIFF, AVIF, HEIF (AV1-coded, as sharp's default) and HEIC (HEVC-coded HEIF) are written only.
/// </summary>
public enum ImageFormat { Jpeg, Png, Webp, Gif, Tiff, Avif, Heif, Heic }

public static class ImageFormats
{
    /// <summary>The names the engine writes, in the order error messages list them.</summary>
    public const string WritableNames = "jpeg, png, webp, gif, tiff, avif, heif or heic";

    /// <summary>"jpeg"/"jpg", "png", "webp", "gif", "tiff"/"tif", "avif", "heif", "heic" (any case) or null.</summary>
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
        _ => "heic",
    };

    /// <summary>As Serverless Image Handler answers: <c>image/</c> and the format's name.</summary>
    public static string ContentType(this ImageFormat format) => "image/" + format.Name();

    /// <summary>Whether a quality setting changes this format's output (PNG's makes a palette PNG instead: not a quality).</summary>
    public static bool HasQuality(this ImageFormat format) =>
        format is ImageFormat.Jpeg or ImageFormat.Webp or ImageFormat.Tiff or ImageFormat.Avif or ImageFormat.Heif or ImageFormat.Heic;

    /// <summary>Whether the engine reads this format as a source (JPEG, PNG, WebP, GIF).</summary>
    public static bool CanRead(this ImageFormat format) => format is ImageFormat.Jpeg or ImageFormat.Png or ImageFormat.Webp or ImageFormat.Gif;

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
