using System.Globalization;
using Portal.Engine.Storage;

namespace Portal.Features.Images;

/// <summary>Display helpers of the image pages.</summary>
public static class ImageView
{
    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("0.##", CultureInfo.InvariantCulture) + " MB",
    };

    public static string Dimensions(int? width, int? height) => width is null || height is null ? "unknown size" : $"{width} × {height} px";

    /// <summary>A thumbnail of one of the user's own images, through the image handler's Thumbor form.</summary>
    public static string Thumbnail(string key, int box = 240) => $"/img/fit-in/{box}x{box}/{key}";

    /// <summary>A stored object shown as it is (the worker's WebP thumbnail).</summary>
    public static string Stored(string key) => $"/img/{key}";

    /// <summary>The query flag that makes an image URL a download: the stored bytes and type, never auto-WebP.</summary>
    public const string DownloadQuery = "download";

    /// <summary>The stored object itself (an original or a saved rendition), as stored.</summary>
    public static string Download(string key) => $"/img/{key}?{DownloadQuery}";

    /// <summary>The name a saved rendition downloads as: the original's name with "-edited" and the rendition's extension.</summary>
    public static string DownloadName(string fileName, string key) => FileNames.Derived(fileName, "-edited", Path.GetExtension(key));
}
