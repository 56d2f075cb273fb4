using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// The synchronous work of one request: open (checks), plan, decode at the smallest sufficient scale,
/// resample the stored pixels, turn them upright, then the remaining edits, then encode.
/// </summary>
internal static class ImagePipeline
{
    public static ProcessedImage Run(byte[] source, int length, ImageRequest request, byte[]? overlay, ImagingOptions options,
        CancellationToken cancellationToken)
    {
        using var image = SourceImage.Open(source, length, options);
        var edits = request.Edits;
        var format = request.OutputFor(image.Format);
        if (!format.CanWrite())
            throw new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat, $"The output format '{format.Name()}' is not supported; use jpeg, png or webp.");
        if (request.ReturnsOriginal)
            return new ProcessedImage(source.AsSpan(0, length).ToArray(), image.Format.ContentType(), image.Format, image.Width, image.Height, IsOriginal: true);

        var orientation = Orientation.FromExif(image.Origin);
        var freeAngle = 0.0;
        if (edits.Rotate is { } rotate)
        {
            var normalized = ((rotate % 360) + 360) % 360;
            if (normalized % 90 == 0) orientation.Rotate((int)normalized);
            else freeAngle = normalized;
        }
        if (edits.Flip) orientation.Flip();
        if (edits.Flop) orientation.Flop();

        var (uprightWidth, uprightHeight) = orientation.Apply(image.Width, image.Height);
        var plan = GeometryPlan.For(uprightWidth, uprightHeight, edits, options);
        var bitmap = Resample(image, orientation, plan);
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            bitmap = orientation.Turn(bitmap);
            if (plan.Embeds) bitmap = Embed(bitmap, plan);
            if (edits.Extract is { } crop && edits.ExtractAfterResize) bitmap = Extract(bitmap, crop);
            if (freeAngle != 0) bitmap = Effects.RotateFree(bitmap, freeAngle, RgbaColor.Black);
            bitmap = Effects.Apply(bitmap, edits, cancellationToken);
            if (edits.Overlay is { } overlayEdit && overlay is not null) bitmap = DrawOverlay(bitmap, overlay, overlayEdit, options);
            if (format == ImageFormat.Jpeg && bitmap.AlphaType != SKAlphaType.Opaque)
                bitmap = Effects.Flatten(bitmap, RgbaColor.Black); // as sharp: JPEG has no alpha, transparent becomes black
            cancellationToken.ThrowIfCancellationRequested();
            var quality = request.Quality ?? edits.QualityFor(format) ?? options.DefaultQuality;
            var bytes = ImageEncoder.Encode(bitmap, format, quality, options);
            return new ProcessedImage(bytes, format.ContentType(), format, bitmap.Width, bitmap.Height, IsOriginal: false);
        }
        finally
        {
            bitmap.Dispose();
        }
    }

    /// <summary>Decodes and resamples the planned region of the stored (not yet upright) pixels.</summary>
    private static SKBitmap Resample(SourceImage image, Orientation orientation, GeometryPlan plan)
    {
        var region = orientation.ToStored(plan.Region, image.Width, image.Height);
        var (width, height) = orientation.Transposes ? (plan.ResizedHeight, plan.ResizedWidth) : (plan.ResizedWidth, plan.ResizedHeight);
        var scaled = plan.Resamples ? image.ScaledSize(region.Width, region.Height, width, height) : new SKSizeI(image.Width, image.Height);
        var decoded = image.Decode(scaled);
        double sx = (double)scaled.Width / image.Width, sy = (double)scaled.Height / image.Height;
        double x = region.Left * sx, y = region.Top * sy, w = region.Width * sx, h = region.Height * sy;

        if (!plan.Resamples && x == 0 && y == 0 && width == decoded.Width && height == decoded.Height) return decoded;
        try
        {
            var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, decoded.AlphaType));
            if (!plan.Resamples)
            {
                decoded.ExtractSubset(target, SKRectI.Create((int)Math.Round(x), (int)Math.Round(y), width, height));
                var copy = target.Copy();
                target.Dispose();
                return copy;
            }
            Resampler.Resample(
                new PixelBuffer(decoded.GetPixelSpan(), decoded.Width, decoded.Height, decoded.RowBytes), x, y, w, h,
                new PixelBuffer(target.GetPixelSpan(), target.Width, target.Height, target.RowBytes),
                premultiplied: decoded.AlphaType == SKAlphaType.Premul);
            return target;
        }
        finally
        {
            decoded.Dispose();
        }
    }

    private static SKBitmap Embed(SKBitmap image, GeometryPlan plan)
    {
        var opaque = plan.Background.Alpha >= 1 && image.AlphaType == SKAlphaType.Opaque;
        var canvasInfo = new SKImageInfo(plan.CanvasWidth, plan.CanvasHeight, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul);
        var result = new SKBitmap(canvasInfo);
        using (var canvas = new SKCanvas(result))
        {
            canvas.Clear(Effects.ToSkColor(plan.Background));
            canvas.DrawBitmap(image, plan.Offset.X, plan.Offset.Y, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        image.Dispose();
        return result;
    }

    private static SKBitmap Extract(SKBitmap image, CropEdit crop)
    {
        if ((long)crop.Left + crop.Width > image.Width || (long)crop.Top + crop.Height > image.Height) throw ImageErrors.CropOutOfBounds();
        var subset = new SKBitmap();
        image.ExtractSubset(subset, SKRectI.Create(crop.Left, crop.Top, crop.Width, crop.Height));
        var copy = subset.Copy();
        subset.Dispose();
        image.Dispose();
        return copy;
    }

    private static SKBitmap DrawOverlay(SKBitmap bitmap, byte[] overlayBytes, OverlayEdit edit, ImagingOptions options)
    {
        using var overlay = SourceImage.Open(overlayBytes, overlayBytes.Length, options, "overlay image");
        var orientation = Orientation.FromExif(overlay.Origin);
        var pixels = orientation.Turn(overlay.Decode(new SKSizeI(overlay.Width, overlay.Height)));
        using (pixels)
            return Overlay.Apply(bitmap, pixels, edit);
    }
}
