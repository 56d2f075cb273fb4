using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Requests;

/// <summary>Which of Serverless Image Handler's URL forms a request used.</summary>
public enum ImageRequestKind { Default, Thumbor, Custom }

/// <summary>
/// One image request, whichever URL form it came in: the source object (<see cref="Bucket"/> as requested,
/// null for "the customer's own"; <see cref="Key"/> relative to the customer's space), the edits, and the output
/// format already resolved from toFormat, auto-WebP and outputFormat (null: the source's format).
/// <see cref="Quality"/> overrides the per-format quality of the edits. <see cref="Headers"/> are the response headers a
/// Default request sets (<see cref="ResponseHeaderAllowList"/>): they change no pixels, so no cache key holds them.
/// </summary>
public sealed record ImageRequest(
    string? Bucket,
    string Key,
    ImageEdits Edits,
    ImageFormat? OutputFormat = null,
    int? Quality = null,
    ImageRequestKind Kind = ImageRequestKind.Default,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    /// <summary>No edits and no format: the source's bytes are answered as they are.</summary>
    public bool ReturnsOriginal => Edits.IsEmpty && OutputFormat is null && Quality is null;

    /// <summary>
    /// The format written for a source of <paramref name="source"/> format: the source's own, as sharp keeps it; an SVG becomes PNG
    /// (as SIH's setup does for an SVG with edits), a GIF only where no GIF encoder could be loaded (<paramref name="gifWritable"/> false).
    /// </summary>
    public ImageFormat OutputFor(ImageFormat source, bool gifWritable = true) =>
        OutputFormat ?? (source == ImageFormat.Svg || (source == ImageFormat.Gif && !gifWritable) ? ImageFormat.Png : source);

    /// <summary>
    /// The palette size when <paramref name="format"/> is PNG and a palette PNG is asked for (sharp's <c>png({quality})</c>,
    /// <c>palette</c> or <c>colours</c>; a Thumbor <c>quality</c> filter), else null.
    /// </summary>
    public int? PalettePng(ImageFormat format) =>
        format != ImageFormat.Png ? null : Edits.PngColours ?? (Quality is not null || Edits.PngQuality is not null ? 256 : null);
}
