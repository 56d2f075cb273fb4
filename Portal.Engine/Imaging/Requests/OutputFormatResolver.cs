using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Requests;

/// <summary>
/// Serverless Image Handler's order: toFormat, then auto-WebP, then the request's outputFormat, then <c>edits.gif</c> (sharp's
/// <c>gif()</c> sets GIF output, which a later toFormat replaces), then the source's. GIF options with toFormat or outputFormat
/// naming another format contradict each other: refused, naming <c>gif</c>, rather than dropped.
/// </summary>
public static class OutputFormatResolver
{
    public static ImageFormat? Resolve(ImageEdits edits, ImageFormat? outputFormat, bool autoWebp, string? accept)
    {
        if (edits.Gif is not null && (edits.ToFormat ?? outputFormat) is { } named && named != ImageFormat.Gif)
            throw ImageErrors.BadEdit("gif", $"gif options need GIF output, and the request asks for {named.Name()}");
        if (edits.ToFormat is { } toFormat) return toFormat;
        if (autoWebp && AcceptsWebp(accept)) return ImageFormat.Webp;
        return outputFormat ?? (edits.Gif is not null ? ImageFormat.Gif : null);
    }

    public static bool AcceptsWebp(string? accept) =>
        accept is not null && accept.Contains("image/webp", StringComparison.OrdinalIgnoreCase);
}
