using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Edits;

/// <summary>How a resize fits the image into width x height (sharp's and Serverless Image Handler's names).</summary>
public enum ResizeFit { Cover, Contain, Fill, Inside, Outside }

/// <summary>An sRGB colour with alpha 0-1.</summary>
public readonly record struct RgbaColor(byte R, byte G, byte B, double Alpha = 1)
{
    public static readonly RgbaColor Black = new(0, 0, 0);
    public static readonly RgbaColor White = new(255, 255, 255);
    public override string ToString() => $"#{R:x2}{G:x2}{B:x2}{(int)Math.Round(Alpha * 255):x2}";
}

/// <summary>Resize to Width x Height (either may be null: keep the aspect ratio).</summary>
public sealed record ResizeEdit(int? Width, int? Height, ResizeFit Fit = ResizeFit.Cover, RgbaColor? Background = null,
    bool WithoutEnlargement = false, double? Ratio = null, ResizePosition Position = ResizePosition.Centre);

/// <summary>A rectangle in pixels of the image at the point the edit applies.</summary>
public sealed record CropEdit(int Left, int Top, int Width, int Height);

/// <summary>
/// Another image of the same customer drawn on top: <see cref="Alpha"/> is its transparency in percent
/// (0 opaque); <see cref="WidthRatio"/>/<see cref="HeightRatio"/> fit it inside that percentage of the image;
/// <see cref="Left"/>/<see cref="Top"/> are pixels ("-10" from the right/bottom edge) or percent ("25p"); centred when absent.
/// </summary>
public sealed record OverlayEdit(string Key, string? Bucket = null, double Alpha = 0, double? WidthRatio = null,
    double? HeightRatio = null, string? Left = null, string? Top = null);

/// <summary>An elliptical crop: radii and centre in pixels (defaults: the largest circle, centred).</summary>
public sealed record RoundCropEdit(double? Rx = null, double? Ry = null, double? Top = null, double? Left = null);

/// <summary>
/// The edits of an image request (Serverless Image Handler's "edits" object), normalised. They are applied
/// in sharp's pipeline order: EXIF orientation, (rotate, flip, flop when <see cref="RotateFirst"/>), trim, extract, resize,
/// flip, flop, rotate (right angles), the resize's crop or embed, rotate (other angles), extract-after-resize, then the
/// pixel operations (see <see cref="SharpOperations"/>), round crop, overlay, and the operations sharp applies after it.
/// </summary>
public sealed record ImageEdits
{
    public static readonly ImageEdits None = new();

    public ResizeEdit? Resize { get; init; }
    public CropEdit? Extract { get; init; }

    /// <summary>The extract came after the resize in the request, so it crops the resized image.</summary>
    public bool ExtractAfterResize { get; init; }

    /// <summary>
    /// sharp's rotateBeforePreExtract: a rotate given before the resize (or before an extract with no resize) turns the
    /// image first; otherwise the extract and resize work on the unturned image and flip, flop and rotate follow them.
    /// </summary>
    public bool RotateFirst { get; init; }

    /// <summary>The other operations sharp is given (median, modulate, extend, ...); null when none.</summary>
    public SharpOperations? Operations { get; init; }

    /// <summary>Degrees clockwise after EXIF auto-orientation (which always happens: metadata is stripped).</summary>
    public double? Rotate { get; init; }

    public bool Flip { get; init; }
    public bool Flop { get; init; }
    public bool Grayscale { get; init; }
    public bool Normalize { get; init; }
    public bool Negate { get; init; }

    /// <summary>Gaussian blur sigma (0.3-1000).</summary>
    public double? Blur { get; init; }

    /// <summary>Unsharp-mask sigma (0.3-10).</summary>
    public double? Sharpen { get; init; }

    public RgbaColor? Tint { get; init; }
    public RgbaColor? Flatten { get; init; }
    public ImageFormat? ToFormat { get; init; }
    public int? JpegQuality { get; init; }
    public int? PngQuality { get; init; }
    public int? WebpQuality { get; init; }
    public int? TiffQuality { get; init; }
    public int? AvifQuality { get; init; }
    public int? HeifQuality { get; init; }

    /// <summary>sharp's <c>gif(options)</c>: GIF output (unless toFormat, outputFormat or auto-WebP name another) written with them.</summary>
    public GifOptions? Gif { get; init; }

    /// <summary>A palette PNG of this many colours (2-256) was asked for: sharp's <c>png({palette, colours})</c>.</summary>
    public int? PngColours { get; init; }

    /// <summary>SIH's <c>animated</c>: false answers an animated source's first frame; null: animated when the source is a GIF.</summary>
    public bool? Animated { get; init; }
    public OverlayEdit? Overlay { get; init; }
    public RoundCropEdit? RoundCrop { get; init; }

    /// <summary>
    /// SIH's <c>"rotate": null</c> (Thumbor <c>strip_exif()</c>, <c>strip_icc()</c>): written anew without metadata even when
    /// nothing else is asked, where a request of no edits answers the stored bytes.
    /// </summary>
    public bool StripMetadata { get; init; }

    /// <summary>True when nothing would change the pixels or the format.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => this == None;

    public int? QualityFor(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => JpegQuality,
        ImageFormat.Png => PngQuality,
        ImageFormat.Webp => WebpQuality,
        ImageFormat.Tiff => TiffQuality,
        ImageFormat.Avif => AvifQuality,
        ImageFormat.Heif or ImageFormat.Heic => HeifQuality,
        _ => null,
    };
}
