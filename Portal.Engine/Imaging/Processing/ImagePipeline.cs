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
        WorkBudget budget) =>
        Render(source, length, request, overlay, options, null, budget).Image;

    /// <summary>
    /// The request's output fitted inside <paramref name="maxSide"/> pixels, with the real output's size. A larger output is
    /// drawn small from the start (the plan and the pixel-sized edits scaled down, so a JPEG decodes at a fraction of its size);
    /// an overlay or an extract after the resize is drawn at full size and shrunk at the end.
    /// </summary>
    public static ImagePreview Preview(byte[] source, int length, ImageRequest request, byte[]? overlay, ImagingOptions options,
        int maxSide, WorkBudget budget) =>
        Render(source, length, request, overlay, options, maxSide, budget);

    private static ImagePreview Render(byte[] source, int length, ImageRequest request, byte[]? overlay, ImagingOptions options,
        int? maxSide, WorkBudget budget)
    {
        using var image = SourceImage.Open(source, length, options, rasterise: !request.Edits.IsEmpty, budget: budget);
        var format = request.OutputFor(image.Format, VipsCodec.IsAvailable);
        VipsCodec.EnsureCanWrite(format);
        if (request.ReturnsOriginal && (maxSide is null || PreviewCap.Fits(image.Width, image.Height, maxSide.Value)))
        {
            var original = new ProcessedImage(source.AsSpan(0, length).ToArray(), image.Format.ContentType(), image.Format, image.Width, image.Height, IsOriginal: true);
            return new ImagePreview(original, image.Width, image.Height);
        }

        var quality = request.Quality ?? request.Edits.QualityFor(format) ?? DefaultQuality(format, options);
        // A live preview shows the first frame: drawing every frame small would cost as much as the real answer.
        if (maxSide is null && Animation.Render(source, length, image, request, format, quality, overlay, options, budget) is { } animated)
            return new ImagePreview(animated, animated.Width, animated.Height);

        var bitmap = Draw(image, request.Edits, format, overlay, options, maxSide, budget, out var outputWidth, out var outputHeight);
        using (bitmap)
        {
            budget.ThrowIfSpent();
            var bytes = ImageEncoder.Encode(bitmap, format, quality, request.PalettePng(format), options, request.Edits.Gif);
            var result = new ProcessedImage(bytes, format.ContentType(), format, bitmap.Width, bitmap.Height, IsOriginal: false);
            return new ImagePreview(result, outputWidth, outputHeight);
        }
    }

    /// <summary>sharp's default qualities: 50 for AVIF and HEIF (HEIC too), the configured one (80) for the others.</summary>
    private static int DefaultQuality(ImageFormat format, ImagingOptions options) =>
        format is ImageFormat.Avif or ImageFormat.Heif or ImageFormat.Heic ? 50 : options.DefaultQuality;

    /// <summary>
    /// The edits drawn on <paramref name="image"/> (a source, or one frame of an animation): the pixels to encode, and the size of
    /// the real output (larger than the bitmap when a preview under <paramref name="maxSide"/> was drawn small).
    /// </summary>
    internal static SKBitmap Draw(SourceImage image, ImageEdits edits, ImageFormat format, byte[]? overlay, ImagingOptions options,
        int? maxSide, WorkBudget budget, out int outputWidth, out int outputHeight)
    {
        var (planFrame, turnAfter, freeAngle) = Orient(image, edits);

        var prepared = Prepare(image, planFrame, edits, ref freeAngle);
        SKBitmap? bitmap = prepared;
        try
        {
            var (frameWidth, frameHeight) = prepared is null ? planFrame.Apply(image.Width, image.Height) : (prepared.Width, prepared.Height);
            var plan = GeometryPlan.For(frameWidth, frameHeight, edits, options, canvasTurned: turnAfter.Transposes);
            // Upright even for an unedited original: that is how it is drawn here and how browsers show the stored bytes.
            (outputWidth, outputHeight) = OutputSize.Of(plan, edits, freeAngle, options, turnAfter.Transposes);
            var scale = maxSide is { } cap ? PreviewCap.Scale(outputWidth, outputHeight, cap) : 1;
            if (scale < 1 && CanDrawSmaller(edits))
            {
                plan = plan.ScaledBy(scale);
                edits = DrawnSmaller(edits, scale);
            }

            // The contain canvas and the smart crop are placed before the turns that follow the resize; without them one turn does both.
            var canvasFirst = plan.Embeds || plan.SmartCrop is not null;
            var turn = canvasFirst ? planFrame : planFrame.Then(turnAfter);
            bitmap = prepared is null
                ? turn.Turn(Resample(image, planFrame, plan))
                : ResampleRegion(prepared, plan.Region.Left, plan.Region.Top, plan.Region.Width, plan.Region.Height, plan.ResizedWidth,
                    plan.ResizedHeight, plan.Resamples); // prepared is in the plan's frame already
            if (prepared is not null && !canvasFirst) bitmap = turnAfter.Turn(bitmap);
            budget.ThrowIfSpent();
            if (plan.Embeds) bitmap = Embed(bitmap, plan);
            if (plan.SmartCrop is { } window) bitmap = SmartCrop.Apply(bitmap, window, plan.Position);
            if (canvasFirst) bitmap = turnAfter.Turn(bitmap);
            if (freeAngle != 0) bitmap = Effects.RotateFree(bitmap, freeAngle, RgbaColor.Black);
            if (edits.Extract is { } crop && edits.ExtractAfterResize) bitmap = Extract(bitmap, crop);
            bitmap = Effects.Apply(bitmap, edits, budget);
            if (edits.Overlay is { } overlayEdit && overlay is not null) bitmap = DrawOverlay(bitmap, overlay, overlayEdit, options);
            bitmap = Effects.ApplyAfterOverlay(bitmap, edits, budget);
            if (format is ImageFormat.Jpeg && bitmap.AlphaType != SKAlphaType.Opaque)
                bitmap = Effects.Flatten(bitmap, RgbaColor.Black); // as sharp: JPEG has no alpha, transparent becomes black
            // Rounding can leave a preview drawn small a pixel over; what could not be drawn small is shrunk here.
            if (maxSide is { } limit && !PreviewCap.Fits(bitmap.Width, bitmap.Height, limit)) bitmap = ShrinkToFit(bitmap, limit);
            if (scale >= 1) (outputWidth, outputHeight) = (bitmap.Width, bitmap.Height);
            return bitmap;
        }
        catch
        {
            bitmap?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The turns of a request: <c>PlanFrame</c>, the frame the extract and resize are planned in; <c>TurnAfter</c>, the turns that
    /// follow them; <c>FreeAngle</c>, a rotate by other than a right angle (0 when none).
    /// </summary>
    internal static (Orientation PlanFrame, Orientation TurnAfter, double FreeAngle) Orient(SourceImage image, ImageEdits edits)
    {
        // sharp mirrors before it turns: flip, flop, then rotate. Whether that happens before the extract and resize (RotateFirst)
        // or after them depends on the order the request gave them in; EXIF orientation always comes first here.
        var exif = Orientation.FromExif(image.Origin);
        var user = new Orientation();
        var freeAngle = 0.0;
        if (edits.Flip) user.Flip();
        if (edits.Flop) user.Flop();
        if (edits.Rotate is { } rotate)
        {
            var normalized = ((rotate % 360) + 360) % 360;
            if (normalized % 90 == 0) user.Rotate((int)normalized);
            else freeAngle = normalized;
        }
        return edits.RotateFirst ? (exif.Then(user), new Orientation(), freeAngle) : (exif, user, freeAngle);
    }

    /// <summary>
    /// What sharp does to the whole image before the extract and resize, when asked: a rotate by another angle given first,
    /// the gamma darkening and trim. They need every pixel, so the image is decoded at full size; null when none applies.
    /// </summary>
    private static SKBitmap? Prepare(SourceImage image, Orientation planFrame, ImageEdits edits, ref double freeAngle)
    {
        var ops = edits.Operations ?? SharpOperations.None;
        var rotateFirst = edits.RotateFirst && freeAngle != 0;
        if (ops.Trim is null && ops.Gamma is null && !rotateFirst) return null;
        var bitmap = planFrame.Turn(image.Decode(new SKSizeI(image.Width, image.Height)));
        try
        {
            if (rotateFirst)
            {
                bitmap = Effects.RotateFree(bitmap, freeAngle, RgbaColor.Black);
                freeAngle = 0;
            }
            if (ops.Trim is { } trim) bitmap = CanvasOperations.Trim(bitmap, trim);
            if (ops.Gamma is { } gamma) bitmap = ToneOperations.Gamma(bitmap, 1 / gamma); // darkened to resize, brightened after
            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Edits whose pixel sizes scale with the image; an overlay and an extract after the resize are placed in output pixels,
    /// and trim, affine, extend, median, convolve, clahe and the smart crops work on output pixels too.
    /// </summary>
    internal static bool CanDrawSmaller(ImageEdits edits) => edits.Overlay is null && !(edits.Extract is not null && edits.ExtractAfterResize)
        && edits.Resize?.Position is not (ResizePosition.Entropy or ResizePosition.Attention)
        && edits.Operations is not { Trim: not null } and not { Affine: not null } and not { Extend: not null } and not { Median: not null }
            and not { Convolve: not null } and not { Clahe: not null };

    /// <summary>The edits as they look on an image <paramref name="scale"/> times the size: blur, sharpen and round-crop sizes scaled.</summary>
    private static ImageEdits DrawnSmaller(ImageEdits edits, double scale) => edits with
    {
        Blur = edits.Blur * scale,
        Sharpen = edits.Sharpen * scale,
        RoundCrop = edits.RoundCrop is { } round ? new RoundCropEdit(round.Rx * scale, round.Ry * scale, round.Top * scale, round.Left * scale) : null,
    };

    private static SKBitmap ShrinkToFit(SKBitmap image, int maxSide)
    {
        var (width, height) = PreviewCap.Fit(image.Width, image.Height, maxSide);
        var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, image.AlphaType));
        Resampler.Resample(
            new PixelBuffer(image.GetPixelSpan(), image.Width, image.Height, image.RowBytes), 0, 0, image.Width, image.Height,
            new PixelBuffer(target.GetPixelSpan(), target.Width, target.Height, target.RowBytes),
            premultiplied: image.AlphaType == SKAlphaType.Premul);
        image.Dispose();
        return target;
    }

    /// <summary>Decodes and resamples the planned region of the stored (not yet upright) pixels.</summary>
    private static SKBitmap Resample(SourceImage image, Orientation orientation, GeometryPlan plan)
    {
        var region = orientation.ToStored(plan.Region, image.Width, image.Height);
        var (width, height) = orientation.Transposes ? (plan.ResizedHeight, plan.ResizedWidth) : (plan.ResizedWidth, plan.ResizedHeight);
        var scaled = plan.Resamples ? image.ScaledSize(region.Width, region.Height, width, height) : new SKSizeI(image.Width, image.Height);
        var decoded = image.Decode(scaled);
        double sx = (double)scaled.Width / image.Width, sy = (double)scaled.Height / image.Height;
        return ResampleRegion(decoded, region.Left * sx, region.Top * sy, region.Width * sx, region.Height * sy, width, height, plan.Resamples);
    }

    /// <summary>Resamples a region of <paramref name="decoded"/> to <paramref name="width"/> x <paramref name="height"/> (disposing <paramref name="decoded"/>).</summary>
    private static SKBitmap ResampleRegion(SKBitmap decoded, double x, double y, double w, double h, int width, int height, bool resamples)
    {
        if (!resamples && x == 0 && y == 0 && width == decoded.Width && height == decoded.Height) return decoded;
        try
        {
            var target = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, decoded.AlphaType));
            if (!resamples)
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
