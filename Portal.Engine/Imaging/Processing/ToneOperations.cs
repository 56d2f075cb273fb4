using Portal.Engine.Imaging.Edits;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>sharp's per-pixel colour operations: gamma, linear, recomb, threshold, modulate, and negate of alpha too.</summary>
internal static class ToneOperations
{
    /// <summary>libvips gamma with exponent e: out = 255 * (in / 255)^(1/e). sharp darkens with e = 1/gamma before resizing, brightens with e = gamma after.</summary>
    public static SKBitmap Gamma(SKBitmap image, double exponent)
    {
        var table = new byte[256];
        for (var v = 0; v < 256; v++) table[v] = (byte)Math.Clamp(Math.Round(255 * Math.Pow(v / 255.0, 1 / exponent)), 0, 255);
        return StraightAlpha.Map(image, table);
    }

    /// <summary>a * in + b on each colour channel, alpha kept (sharp separates alpha when given one a).</summary>
    public static SKBitmap Linear(SKBitmap image, double a, double b = 0)
    {
        var table = new byte[256];
        for (var v = 0; v < 256; v++) table[v] = (byte)Math.Clamp(Math.Round(a * v + b), 0, 255);
        return StraightAlpha.Map(image, table);
    }

    /// <summary>Each output channel a weighted sum of R, G, B (a Skia colour matrix: one pass, no allocation per pixel).</summary>
    public static SKBitmap Recomb(SKBitmap image, double[] m) => Effects.Filter(image, SKColorFilter.CreateColorMatrix(
    [
        (float)m[0], (float)m[1], (float)m[2], 0, 0,
        (float)m[3], (float)m[4], (float)m[5], 0, 0,
        (float)m[6], (float)m[7], (float)m[8], 0, 0,
        0, 0, 0, 1, 0,
    ]));

    /// <summary>Inverts alpha as well as the colours (sharp's negate default; <see cref="Effects"/> inverts the colours).</summary>
    public static SKBitmap InvertAlpha(SKBitmap image)
    {
        if (image.AlphaType == SKAlphaType.Opaque) return image; // no alpha channel: nothing more to invert
        return StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * rowBytes, width * 4);
                for (var i = 3; i < row.Length; i += 4) row[i] = (byte)(255 - row[i]);
            }
        });
    }

    /// <summary>sharp's threshold: grey (or each channel) at or above the value becomes 255, below it 0.</summary>
    public static SKBitmap Threshold(SKBitmap image, ThresholdEdit threshold) => StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
    {
        var t = threshold.Value;
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            for (var i = 0; i < row.Length; i += 4)
            {
                if (threshold.Grayscale)
                {
                    var grey = StraightAlpha.Luma(row[i], row[i + 1], row[i + 2]) >= t ? (byte)255 : (byte)0;
                    row[i] = row[i + 1] = row[i + 2] = grey;
                }
                else
                {
                    row[i] = row[i] >= t ? (byte)255 : (byte)0;
                    row[i + 1] = row[i + 1] >= t ? (byte)255 : (byte)0;
                    row[i + 2] = row[i + 2] >= t ? (byte)255 : (byte)0;
                }
            }
        }
    });

    /// <summary>sharp's modulate in CIE LCh (D65): L * brightness + lightness, C * saturation, h + hue.</summary>
    public static SKBitmap Modulate(SKBitmap image, ModulateEdit modulate) => StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
    {
        var hue = modulate.Hue * Math.PI / 180;
        var (cosHue, sinHue) = (Math.Cos(hue), Math.Sin(hue));
        var saturation = modulate.Saturation;
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            for (var i = 0; i < row.Length; i += 4)
            {
                var (l, a, b) = Lab.FromSrgb(row[i], row[i + 1], row[i + 2]);
                l = l * modulate.Brightness + modulate.Lightness;
                // scaling chroma and turning hue is a scale and rotation of (a, b)
                var (a2, b2) = ((a * cosHue - b * sinHue) * saturation, (a * sinHue + b * cosHue) * saturation);
                (row[i], row[i + 1], row[i + 2]) = Lab.ToSrgb(l, a2, b2);
            }
        }
    });
}
