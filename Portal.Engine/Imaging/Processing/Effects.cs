using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>The colour and filter edits, each taking a bitmap and giving a new one (the old one is disposed).</summary>
internal static class Effects
{
    private const float Lr = 0.2126f, Lg = 0.7152f, Lb = 0.0722f;

    /// <summary>The edits sharp applies after the geometry and before an overlay, in its order.</summary>
    public static SKBitmap Apply(SKBitmap image, ImageEdits edits, WorkBudget budget)
    {
        var ops = edits.Operations ?? SharpOperations.None;
        if (edits.Flatten is { } background && image.AlphaType != SKAlphaType.Opaque) image = Flatten(image, background);
        if (edits.Negate)
        {
            image = Filter(image, SKColorFilter.CreateColorMatrix(NegateMatrix));
            if (!ops.NegateKeepsAlpha) image = ToneOperations.InvertAlpha(image);
        }
        if (edits.Grayscale) image = Filter(image, SKColorFilter.CreateColorMatrix(GrayMatrix()));
        if (ops.Affine is { } affine) image = CanvasOperations.Affine(image, affine);
        if (ops.Extend is { } extend) image = CanvasOperations.Extend(image, extend);
        budget.ThrowIfSpent();
        if (ops.Median is { } median) image = NeighbourhoodOperations.Median(image, median, budget);
        if (ops.Threshold is { } threshold) image = ToneOperations.Threshold(image, threshold);
        budget.ThrowIfSpent();
        if (edits.Blur is { } sigma) image = Filter(image, SKImageFilter.CreateBlur((float)sigma, (float)sigma, SKShaderTileMode.Clamp));
        if (ops.Convolve is { } convolve) image = NeighbourhoodOperations.Convolve(image, convolve, budget);
        if (ops.Recomb is { } recomb) image = ToneOperations.Recomb(image, recomb);
        if (ops.Modulate is { } modulate) image = ToneOperations.Modulate(image, modulate);
        if (edits.Sharpen is { } sharpen) image = Sharpen(image, (float)sharpen);
        budget.ThrowIfSpent();
        if (edits.RoundCrop is { } round) image = RoundCrop(image, round);
        return image;
    }

    /// <summary>The edits sharp applies after an overlay (composite), in its order.</summary>
    public static SKBitmap ApplyAfterOverlay(SKBitmap image, ImageEdits edits, WorkBudget budget)
    {
        var ops = edits.Operations ?? SharpOperations.None;
        if (ops.Gamma is { } gamma) image = ToneOperations.Gamma(image, gamma);
        if (ops.Linear is { } linear) image = ToneOperations.Linear(image, linear);
        if (edits.Normalize) Normalize(image, ops.NormaliseLower, ops.NormaliseUpper);
        if (ops.Clahe is { } clahe) image = NeighbourhoodOperations.Clahe(image, clahe, budget);
        budget.ThrowIfSpent();
        if (edits.Tint is { } tint) image = Filter(image, SKColorFilter.CreateColorMatrix(TintMatrix(tint)));
        if (ops.RemoveAlpha) image = ChannelOperations.RemoveAlpha(image);
        if (ops.EnsureAlpha is { } alpha) image = ChannelOperations.EnsureAlpha(image, alpha);
        if (ops.BlackAndWhite) image = ChannelOperations.BlackAndWhite(image);
        if (ops.ExtractChannel is { } channel) image = ChannelOperations.ExtractChannel(image, channel);
        return image;
    }

    /// <summary>Rotates by an angle that is not a right angle, growing the canvas to hold the turned image.</summary>
    public static SKBitmap RotateFree(SKBitmap image, double degrees, RgbaColor background)
    {
        var (w, h) = RotatedSize(image.Width, image.Height, degrees);
        var alpha = background.Alpha >= 1 && image.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var result = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, alpha));
        using (var canvas = new SKCanvas(result))
        {
            canvas.Clear(ToSkColor(background));
            canvas.Translate(w / 2f, h / 2f);
            canvas.RotateDegrees((float)degrees);
            canvas.Translate(-image.Width / 2f, -image.Height / 2f);
            using var source = SKImage.FromBitmap(image);
            using var paint = new SKPaint { IsAntialias = true };
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKCubicResampler.Mitchell), paint);
        }
        image.Dispose();
        return result;
    }

    /// <summary>The canvas that holds a <paramref name="width"/> x <paramref name="height"/> image turned by <paramref name="degrees"/>.</summary>
    public static (int Width, int Height) RotatedSize(int width, int height, double degrees)
    {
        var radians = degrees * Math.PI / 180;
        var (cos, sin) = (Math.Abs(Math.Cos(radians)), Math.Abs(Math.Sin(radians)));
        return (Math.Max(1, (int)Math.Round(width * cos + height * sin)), Math.Max(1, (int)Math.Round(width * sin + height * cos)));
    }

    public static SKBitmap Flatten(SKBitmap image, RgbaColor background)
    {
        var result = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(result))
        {
            canvas.Clear(ToSkColor(background with { Alpha = 1 }));
            canvas.DrawBitmap(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        image.Dispose();
        return result;
    }

    public static SKColor ToSkColor(RgbaColor color) => new(color.R, color.G, color.B, (byte)Math.Round(color.Alpha * 255));

    public static SKBitmap Filter(SKBitmap image, SKColorFilter filter)
    {
        using (filter)
        using (var paint = new SKPaint { ColorFilter = filter })
            return Draw(image, paint);
    }

    private static SKBitmap Filter(SKBitmap image, SKImageFilter filter)
    {
        using (filter)
        using (var paint = new SKPaint { ImageFilter = filter })
            return Draw(image, paint);
    }

    private static SKBitmap Draw(SKBitmap image, SKPaint paint)
    {
        var result = new SKBitmap(image.Info);
        using (var canvas = new SKCanvas(result))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.DrawBitmap(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest), paint);
        }
        image.Dispose();
        return result;
    }

    /// <summary>Unsharp mask: image + (image - blurred).</summary>
    private static SKBitmap Sharpen(SKBitmap image, float sigma)
    {
        using var blur = SKImageFilter.CreateBlur(sigma, sigma, SKShaderTileMode.Clamp);
        // k1*fg*bg + k2*fg + k3*bg + k4 with fg = blurred, bg = the image: 2*image - blurred
        return Filter(image, SKImageFilter.CreateArithmetic(0, -1, 2, 0, true, null, blur));
    }

    /// <summary>Stretches luminance so the darkest <paramref name="lower"/>% becomes black and the brightest above <paramref name="upper"/>% white (sharp's normalise).</summary>
    private static void Normalize(SKBitmap image, int lower, int upper)
    {
        var pixels = image.GetPixelSpan();
        Span<int> histogram = stackalloc int[256];
        var count = 0;
        for (var i = 0; i + 3 < pixels.Length; i += 4)
        {
            if (pixels[i + 3] == 0) continue;
            histogram[(int)(Lr * pixels[i] + Lg * pixels[i + 1] + Lb * pixels[i + 2])]++;
            count++;
        }
        if (count == 0) return;
        int low = 0, high = 255;
        for (int seen = 0; low < 255 && (seen += histogram[low]) <= (long)count * lower / 100; low++) { }
        for (int seen = 0; high > 0 && (seen += histogram[high]) <= (long)count * (100 - upper) / 100; high--) { }
        if (high <= low) return;
        Span<byte> map = stackalloc byte[256];
        for (var v = 0; v < 256; v++) map[v] = (byte)Math.Clamp((v - low) * 255 / (high - low), 0, 255);
        for (var i = 0; i + 3 < pixels.Length; i += 4)
        {
            var a = pixels[i + 3];
            for (var c = 0; c < 3; c++) pixels[i + c] = Math.Min(map[pixels[i + c]], a);
        }
    }

    /// <summary>The ellipse of a round crop on a <paramref name="width"/> x <paramref name="height"/> image, and the part of the image it keeps.</summary>
    public static (SKRect Ellipse, float Rx, float Ry, SKRectI Bounds) RoundCropArea(int width, int height, RoundCropEdit round)
    {
        // Radii of at least a pixel and at most twice the image, the centre inside it: any request's numbers give a real area
        // (an empty or infinite ellipse cannot be drawn; SIH's SVG mask would leave nothing for its trim to keep).
        var most = 2.0 * Math.Max(width, height);
        var rx = (float)Math.Clamp(round.Rx ?? Math.Min(width, height) / 2.0, 1, most);
        var ry = (float)Math.Clamp(round.Ry ?? Math.Min(width, height) / 2.0, 1, most);
        var cx = (float)Math.Clamp(round.Left ?? width / 2.0, 0, width);
        var cy = (float)Math.Clamp(round.Top ?? height / 2.0, 0, height);
        var ellipse = SKRect.Create(cx - rx, cy - ry, 2 * rx, 2 * ry);
        var bounds = SKRectI.Intersect(SKRectI.Round(ellipse), new SKRectI(0, 0, width, height));
        return (ellipse, rx, ry, bounds.IsEmpty ? new SKRectI(0, 0, 1, 1) : bounds);
    }

    private static SKBitmap RoundCrop(SKBitmap image, RoundCropEdit round)
    {
        var (ellipse, rx, ry, bounds) = RoundCropArea(image.Width, image.Height, round);
        var result = new SKBitmap(new SKImageInfo(bounds.Width, bounds.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(result))
        using (var oval = new SKRoundRect(ellipse, rx, ry))
        {
            canvas.Clear(SKColors.Transparent);
            canvas.Translate(-bounds.Left, -bounds.Top);
            canvas.ClipRoundRect(oval, SKClipOperation.Intersect, antialias: true);
            canvas.DrawBitmap(image, 0, 0, new SKSamplingOptions(SKFilterMode.Nearest));
        }
        image.Dispose();
        return result;
    }

    private static float[] GrayMatrix() =>
    [
        Lr, Lg, Lb, 0, 0,
        Lr, Lg, Lb, 0, 0,
        Lr, Lg, Lb, 0, 0,
        0, 0, 0, 1, 0,
    ];

    /// <summary>Keeps each pixel's luminance and gives it the tint's hue and saturation.</summary>
    private static float[] TintMatrix(RgbaColor tint)
    {
        var luminance = Lr * tint.R + Lg * tint.G + Lb * tint.B;
        float F(byte c) => luminance < 1 ? 0 : c / luminance;
        var (r, g, b) = (F(tint.R), F(tint.G), F(tint.B));
        return
        [
            Lr * r, Lg * r, Lb * r, 0, 0,
            Lr * g, Lg * g, Lb * g, 0, 0,
            Lr * b, Lg * b, Lb * b, 0, 0,
            0, 0, 0, 1, 0,
        ];
    }

    private static readonly float[] NegateMatrix =
    [
        -1, 0, 0, 0, 1,
        0, -1, 0, 0, 1,
        0, 0, -1, 0, 1,
        0, 0, 0, 1, 0,
    ];
}
