using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>Draws a watermark image over the result: sized by the ratios, placed by the offsets, faded by alpha.</summary>
internal static class Overlay
{
    public static SKBitmap Apply(SKBitmap image, SKBitmap overlay, OverlayEdit edit)
    {
        // Fit inside the ratio box (and never larger than the image itself).
        var maxWidth = edit.WidthRatio is { } wr ? image.Width * wr / 100 : image.Width;
        var maxHeight = edit.HeightRatio is { } hr ? image.Height * hr / 100 : image.Height;
        var scale = Math.Min(1.0 * maxWidth / overlay.Width, 1.0 * maxHeight / overlay.Height);
        if (edit.WidthRatio is null && edit.HeightRatio is null) scale = Math.Min(scale, 1);
        var width = Math.Max(1, (int)Math.Round(overlay.Width * scale));
        var height = Math.Max(1, (int)Math.Round(overlay.Height * scale));

        var left = OverlayPosition.TryParse(edit.Left)?.Resolve(image.Width, width) ?? (image.Width - width) / 2;
        var top = OverlayPosition.TryParse(edit.Top)?.Resolve(image.Height, height) ?? (image.Height - height) / 2;

        var result = image.AlphaType == SKAlphaType.Opaque ? image : image.Copy();
        if (result != image) image.Dispose();
        using var canvas = new SKCanvas(result);
        using var paint = new SKPaint { Color = SKColors.White.WithAlpha((byte)Math.Round(255 * (1 - edit.Alpha / 100))), IsAntialias = true };
        using var source = SKImage.FromBitmap(overlay);
        canvas.DrawImage(source, SKRect.Create(left, top, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        return result;
    }
}
