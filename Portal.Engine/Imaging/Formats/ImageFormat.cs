namespace Portal.Engine.Imaging.Formats;

/// <summary>The image formats the engine reads (all four) and writes (all but GIF).</summary>
public enum ImageFormat { Jpeg, Png, Webp, Gif }

public static class ImageFormats
{
    /// <summary>"jpeg"/"jpg", "png", "webp", "gif" (any case) or null.</summary>
    public static ImageFormat? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "jpeg" or "jpg" => ImageFormat.Jpeg,
        "png" => ImageFormat.Png,
        "webp" => ImageFormat.Webp,
        "gif" => ImageFormat.Gif,
        _ => null,
    };

    public static string Name(this ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "jpeg",
        ImageFormat.Png => "png",
        ImageFormat.Webp => "webp",
        _ => "gif",
    };

    public static string ContentType(this ImageFormat format) => "image/" + format.Name();

    /// <summary>Whether the engine can encode this format.</summary>
    public static bool CanWrite(this ImageFormat format) => format != ImageFormat.Gif;
}
