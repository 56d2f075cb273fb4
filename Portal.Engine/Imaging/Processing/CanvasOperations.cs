using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>sharp's operations that change the canvas: trim, affine and extend.</summary>
internal static class CanvasOperations
{
    /// <summary>
    /// sharp's trim: the smallest box holding every pixel that differs from the background (the top-left pixel unless given)
    /// by more than the threshold in some channel, alpha included. A uniform image is left as it is.
    /// </summary>
    public static SKBitmap Trim(SKBitmap image, TrimEdit trim)
    {
        if (image.Width < 3 && image.Height < 3) throw ImageErrors.BadEdit("trim", "the image to trim must be at least 3x3 pixels");
        using var straight = image.AlphaType == SKAlphaType.Premul ? StraightAlpha.Convert(image, SKAlphaType.Unpremul) : null;
        var source = straight ?? image;
        var pixels = source.GetPixelSpan();
        var rowBytes = source.RowBytes;
        var background = trim.Background is { } b
            ? (b.R, b.G, b.B, A: (byte)Math.Round(b.Alpha * 255))
            : (pixels[0], pixels[1], pixels[2], A: pixels[3]);
        var threshold = trim.Threshold;
        int left = image.Width, top = image.Height, right = -1, bottom = -1;
        for (var y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * rowBytes, image.Width * 4);
            for (var x = 0; x < image.Width; x++)
            {
                var i = x * 4;
                if (Math.Abs(row[i] - background.Item1) <= threshold && Math.Abs(row[i + 1] - background.Item2) <= threshold
                    && Math.Abs(row[i + 2] - background.Item3) <= threshold && Math.Abs(row[i + 3] - background.A) <= threshold) continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
                top = Math.Min(top, y);
                bottom = Math.Max(bottom, y);
            }
        }
        if (right < 0) return image;
        return Crop(image, SKRectI.Create(left, top, right - left + 1, bottom - top + 1));
    }

    /// <summary>
    /// libvips affine (sharp's affine with its defaults): each input pixel (x, y) goes to (a*x + b*y, c*x + d*y); the output is
    /// the bounding box of the transformed image, black where nothing lands, sampled bicubically.
    /// </summary>
    public static SKBitmap Affine(SKBitmap image, double[] m)
    {
        var matrix = Matrix(m);
        var area = AffineArea(image.Width, image.Height, m);
        var result = new SKBitmap(new SKImageInfo(area.Width, area.Height, SKColorType.Rgba8888, image.AlphaType));
        using (var canvas = new SKCanvas(result))
        using (var source = SKImage.FromBitmap(image))
        {
            canvas.Clear(SKColors.Black); // sharp's affine background: opaque black
            canvas.Translate(-area.Left, -area.Top);
            canvas.Concat(in matrix);
            canvas.DrawImage(source, 0, 0, new SKSamplingOptions(SKCubicResampler.CatmullRom));
        }
        image.Dispose();
        return result;
    }

    /// <summary>Where a <paramref name="width"/> x <paramref name="height"/> image lands under the affine matrix: its bounding box.</summary>
    public static SKRectI AffineArea(int width, int height, double[] m)
    {
        var bounds = Matrix(m).MapRect(SKRect.Create(width, height));
        var area = new SKRectI((int)Math.Floor(bounds.Left), (int)Math.Floor(bounds.Top), (int)Math.Ceiling(bounds.Right), (int)Math.Ceiling(bounds.Bottom));
        if (area.Width < 1 || area.Height < 1) throw ImageErrors.BadEdit("affine", "the transformed image would be empty");
        return area;
    }

    private static SKMatrix Matrix(double[] m) => new((float)m[0], (float)m[1], 0, (float)m[2], (float)m[3], 0, 0, 0, 1);

    /// <summary>sharp's extend: the given pixels added on each side, filled with the background or copies of the edges.</summary>
    public static SKBitmap Extend(SKBitmap image, ExtendEdit extend)
    {
        int width = image.Width + extend.Left + extend.Right, height = image.Height + extend.Top + extend.Bottom;
        var opaque = image.AlphaType == SKAlphaType.Opaque && (extend.With != ExtendWith.Background || extend.Background.Alpha >= 1);
        var result = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        using (var canvas = new SKCanvas(result))
        using (var source = SKImage.FromBitmap(image))
        {
            if (extend.With == ExtendWith.Background)
            {
                canvas.Clear(Effects.ToSkColor(extend.Background));
                canvas.DrawImage(source, extend.Left, extend.Top, new SKSamplingOptions(SKFilterMode.Nearest));
            }
            else
            {
                var mode = extend.With switch { ExtendWith.Repeat => SKShaderTileMode.Repeat, ExtendWith.Mirror => SKShaderTileMode.Mirror, _ => SKShaderTileMode.Clamp };
                using var shader = source.ToShader(mode, mode, new SKSamplingOptions(SKFilterMode.Nearest), SKMatrix.CreateTranslation(extend.Left, extend.Top));
                using var paint = new SKPaint { Shader = shader, BlendMode = SKBlendMode.Src };
                canvas.DrawRect(SKRect.Create(width, height), paint);
            }
        }
        image.Dispose();
        return result;
    }

    public static SKBitmap Crop(SKBitmap image, SKRectI area)
    {
        var subset = new SKBitmap();
        image.ExtractSubset(subset, area);
        var copy = subset.Copy();
        subset.Dispose();
        image.Dispose();
        return copy;
    }
}
