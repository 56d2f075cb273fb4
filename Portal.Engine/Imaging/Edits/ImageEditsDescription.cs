using System.Globalization;
using Portal.Engine.Imaging.Formats;

namespace Portal.Engine.Imaging.Edits;

/// <summary>
/// Edits in words, in the order they are applied, for people: "800 px wide, rotated 90°, grayscale, WebP quality 80".
/// Every kind of edit the engine knows is named; no edits at all is "unchanged".
/// </summary>
public static class ImageEditsDescription
{
    public const string Unchanged = "unchanged";

    /// <summary>
    /// Describes <paramref name="edits"/> written as <paramref name="format"/> (the edits' own <c>ToFormat</c> when null)
    /// at <paramref name="quality"/> (the edits' quality for that format when null).
    /// </summary>
    public static string Describe(ImageEdits edits, ImageFormat? format = null, int? quality = null)
    {
        var parts = new List<string>();
        if (edits.Rotate is { } rotate && (IsRightAngle(rotate) || edits.RotateFirst)) parts.Add($"rotated {Number(rotate)}°" + (edits.RotateFirst ? " first" : ""));
        if (edits.Flip) parts.Add("flipped vertically");
        if (edits.Flop) parts.Add("flipped horizontally");
        if (edits.Extract is { } crop && !edits.ExtractAfterResize) parts.Add(Crop(crop));
        if (edits.Resize is { } resize) parts.Add(Resize(resize));
        if (edits.Extract is { } after && edits.ExtractAfterResize) parts.Add(Crop(after) + " after resizing");
        if (edits.Rotate is { } angle && !IsRightAngle(angle) && !edits.RotateFirst) parts.Add($"rotated {Number(angle)}°");
        if (edits.Flatten is { } flatten) parts.Add($"flattened onto {Color(flatten)}");
        if (edits.Grayscale) parts.Add("grayscale");
        if (edits.Tint is { } tint) parts.Add($"tinted {Color(tint)}");
        if (edits.Negate) parts.Add("negative");
        if (edits.Normalize) parts.Add("normalized");
        if (edits.Blur is { } blur) parts.Add($"blurred (sigma {Number(blur)})");
        if (edits.Sharpen is { } sharpen) parts.Add($"sharpened (sigma {Number(sharpen)})");
        parts.AddRange(SharpOperationsDescription.Parts(edits.Operations));
        if (edits.RoundCrop is { } round) parts.Add(RoundCrop(round));
        if (edits.Overlay is { } overlay) parts.Add(Overlay(overlay));
        if (edits.Animated is { } animated) parts.Add(animated ? "animated" : "first frame only");
        if (edits.StripMetadata) parts.Add("without metadata");
        if ((format ?? edits.ToFormat ?? (edits.Gif is null ? null : ImageFormat.Gif)) is { } output)
        {
            var q = quality ?? edits.QualityFor(output);
            var palette = output == ImageFormat.Png && edits.PngColours is { } colours ? $" with {colours} colours"
                : output == ImageFormat.Gif && edits.Gif?.Colours is { } gifColours ? $" with {gifColours} colours" : "";
            parts.Add(FormatName(output) + palette + (q is { } value ? $" quality {value}" : ""));
        }
        if (parts.Count == 0) return Unchanged;
        var text = string.Join(", ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    public static string FormatName(ImageFormat format) => format switch
    {
        ImageFormat.Jpeg => "JPEG",
        ImageFormat.Png => "PNG",
        ImageFormat.Webp => "WebP",
        ImageFormat.Gif => "GIF",
        ImageFormat.Tiff => "TIFF",
        ImageFormat.Avif => "AVIF",
        ImageFormat.Heif => "HEIF",
        ImageFormat.Svg => "SVG",
        _ => "HEIC",
    };

    private static bool IsRightAngle(double degrees) => degrees % 90 == 0;

    private static string Resize(ResizeEdit resize)
    {
        var size = (resize.Width, resize.Height) switch
        {
            ({ } w, { } h) => $"{w} × {h} px",
            ({ } w, null) => $"{w} px wide",
            (null, { } h) => $"{h} px high",
            _ => resize.Ratio is { } ratio ? $"scaled to {Number(ratio * 100)}%" : "original size",
        };
        var text = resize.Width is not null && resize.Height is not null
            ? resize.Fit switch
            {
                ResizeFit.Cover => $"{size}, cropped to fill",
                ResizeFit.Contain => $"{size}, letterboxed" + (resize.Background is { } bg ? $" on {Color(bg)}" : ""),
                ResizeFit.Fill => $"{size}, stretched",
                ResizeFit.Inside => $"fit within {size}",
                _ => $"at least {size}",
            }
            : size;
        return resize.WithoutEnlargement ? text + ", never enlarged" : text;
    }

    private static string Crop(CropEdit crop) =>
        $"cropped to {crop.Width} × {crop.Height} px" + (crop.Left == 0 && crop.Top == 0 ? "" : $" from {crop.Left}, {crop.Top}");

    private static string RoundCrop(RoundCropEdit round)
    {
        var text = "round crop";
        if (round.Rx is not null || round.Ry is not null) text += $" with radii {Number(round.Rx ?? round.Ry!.Value)} × {Number(round.Ry ?? round.Rx!.Value)} px";
        if (round.Left is not null || round.Top is not null) text += $" centred at {Number(round.Left ?? 0)}, {Number(round.Top ?? 0)}";
        return text;
    }

    private static string Overlay(OverlayEdit overlay)
    {
        var text = $"overlaid with {Path.GetFileName(overlay.Key)}";
        if (overlay.Alpha > 0) text += $" at {Number(100 - overlay.Alpha)}% opacity";
        if (overlay.WidthRatio is not null || overlay.HeightRatio is not null)
            text += $" within {Number(overlay.WidthRatio ?? 100)}% × {Number(overlay.HeightRatio ?? 100)}%";
        if (overlay.Left is not null || overlay.Top is not null) text += $" placed at {overlay.Left ?? "centre"}, {overlay.Top ?? "centre"}";
        return text;
    }

    /// <summary>#rrggbb, with its opacity when not opaque.</summary>
    private static string Color(RgbaColor color) =>
        $"#{color.R:x2}{color.G:x2}{color.B:x2}" + (color.Alpha < 1 ? $" at {Number(color.Alpha * 100)}% opacity" : "");

    private static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
