using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>Draws a watermark image over the result: sized by the ratios, placed by the offsets, faded by alpha.</summary>
internal static class Overlay
{
    public static SKBitmap Apply(SKBitmap image, SKBitmap overlay, OverlayEdit edit)
    {
        // Serverless Image Handler's sizing: fit inside the ratio box (a missing ratio leaves that side free), floored;
        // without ratios the overlay keeps its size, and one bigger than the image is refused as sharp's composite refuses it.
        var scale = (edit.WidthRatio, edit.HeightRatio) switch
        {
            ({ } wr, { } hr) => Math.Min(Math.Floor(image.Width * wr / 100) / overlay.Width, Math.Floor(image.Height * hr / 100) / overlay.Height),
            ({ } wr, null) => Math.Floor(image.Width * wr / 100) / overlay.Width,
            (null, { } hr) => Math.Floor(image.Height * hr / 100) / overlay.Height,
            _ => 1.0,
        };
        var width = Math.Max(1, (int)Math.Min(int.MaxValue, Math.Round(overlay.Width * scale)));
        var height = Math.Max(1, (int)Math.Min(int.MaxValue, Math.Round(overlay.Height * scale)));
        if (width > image.Width || height > image.Height) throw ImageErrors.OverlayTooLarge();

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
