using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Requests;

/// <summary>Serverless Image Handler's order: toFormat, then auto-WebP, then the request's outputFormat, then the source's.</summary>
public static class OutputFormatResolver
{
    public static ImageFormat? Resolve(ImageEdits edits, ImageFormat? outputFormat, bool autoWebp, string? accept)
    {
        if (edits.ToFormat is { } toFormat) return toFormat;
        if (autoWebp && AcceptsWebp(accept)) return ImageFormat.Webp;
        return outputFormat;
    }

    public static bool AcceptsWebp(string? accept) =>
        accept is not null && accept.Contains("image/webp", StringComparison.OrdinalIgnoreCase);
}
