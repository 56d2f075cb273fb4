using SkiaSharp;

namespace Portal.Engine.Demo;

/// <summary>
/// Composes a demo product photo: the item's motif on its category's backdrop (a gradient in one of the
/// category's colours, slightly varied, with a table edge), turned, scaled and placed a little
/// differently each time, with a soft shadow. The same item and seed always give the same pixels, so
/// a category's photos look alike and differ from other categories' (the demo data for image models).
/// </summary>
public static class DemoPhotoComposer
{
    /// <summary>Width and height of a composed photo, in pixels.</summary>
    public const int Size = 400;
    public const int JpegQuality = 85;

    /// <summary>The variation of one item's photo: from the demo seed and the item's SKU, stable across processes and platforms.</summary>
    public static int Variation(int seed, string sku)
    {
        var hash = 2166136261u ^ (uint)seed; // FNV-1a: string.GetHashCode differs per process
        foreach (var c in sku) hash = (hash ^ c) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    /// <summary>The photo as a JPEG file's bytes.</summary>
    public static byte[] ComposeJpeg(string category, string itemName, int variation)
    {
        using var bitmap = Render(category, itemName, variation);
        using var pixmap = bitmap.PeekPixels() ?? throw new InvalidOperationException("A raster bitmap always has pixels to peek.");
        using var data = pixmap.Encode(new SKJpegEncoderOptions(JpegQuality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore));
        return data.ToArray();
    }

    /// <summary>The photo's pixels, <see cref="Size"/> square (the caller disposes the bitmap).</summary>
    public static SKBitmap Render(string category, string itemName, int variation)
    {
        var kind = DemoCategories.Named(category);
        var random = new Random(variation);
        var bitmap = new SKBitmap(new SKImageInfo(Size, Size, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        DrawBackdrop(canvas, kind, random);

        var motif = (kind.ProductNamed(itemName) ?? kind.Products[random.Next(kind.Products.Count)]).Motif;
        var accents = kind.Products.Select(p => p.Motif).Distinct().Where(m => m != motif).ToList();
        if (accents.Count > 0 && random.NextDouble() < 0.4)
            DrawMotif(canvas, accents[random.Next(accents.Count)], random, scale: Between(random, 0.18, 0.26), spread: 0.34, opacity: 0.85f);
        DrawMotif(canvas, motif, random, scale: Between(random, 0.52, 0.74), spread: 0.08, opacity: 1f);
        return bitmap;
    }

    private static void DrawBackdrop(SKCanvas canvas, DemoCategory kind, Random random)
    {
        var light = Vary(kind.Backdrop[random.Next(kind.Backdrop.Count)], random);
        var dark = Shade(light, Between(random, 0.82, 0.92));
        var angle = Between(random, 0, Math.PI * 2);
        var (dx, dy) = ((float)Math.Cos(angle) * Size / 2, (float)Math.Sin(angle) * Size / 2);
        var centre = new SKPoint(Size / 2f, Size / 2f);
        using var gradient = SKShader.CreateLinearGradient(centre - new SKPoint(dx, dy), centre + new SKPoint(dx, dy),
            [light, dark], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = gradient, IsAntialias = true };
        canvas.DrawRect(0, 0, Size, Size, paint);

        // A table edge: the lower part of the picture a shade darker, at a slight tilt.
        var left = (float)(Size * Between(random, 0.64, 0.78));
        var right = left + (float)(Size * Between(random, -0.06, 0.06));
        using var table = new SKPath();
        table.MoveTo(0, left);
        table.LineTo(Size, right);
        table.LineTo(Size, Size);
        table.LineTo(0, Size);
        table.Close();
        using var tablePaint = new SKPaint { Color = Shade(dark, 0.9).WithAlpha(150), IsAntialias = true };
        canvas.DrawPath(table, tablePaint);
    }

    private static void DrawMotif(SKCanvas canvas, string hexcode, Random random, double scale, double spread, float opacity)
    {
        var image = DemoArt.Motif(hexcode);
        var side = (float)(Size * scale);
        var x = Size * (0.5f + (float)Between(random, -spread, spread));
        var y = Size * (0.48f + (float)Between(random, -spread, spread));
        var degrees = (float)Between(random, -20, 20);
        var shadow = side * (float)Between(random, 0.03, 0.06);

        canvas.Save();
        canvas.Translate(x, y);
        canvas.RotateDegrees(degrees);
        // Mipmaps only where the motif is drawn smaller than it is (accents); a layer blur per photo cost ~20 ms, the cached shadow ~1.
        var sampling = side < DemoArt.MotifSize ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKFilterMode.Linear);
        var pad = side * DemoArt.ShadowPadding / DemoArt.MotifSize;
        using var shadowPaint = new SKPaint { Color = SKColors.Black.WithAlpha((byte)(90 * opacity)) };
        canvas.DrawImage(DemoArt.Shadow(hexcode), SKRect.Create(-side / 2 - pad + shadow * 0.6f, -side / 2 - pad + shadow, side + 2 * pad, side + 2 * pad), sampling, shadowPaint);
        using var paint = new SKPaint { Color = SKColors.White.WithAlpha((byte)(255 * opacity)) };
        canvas.DrawImage(image, SKRect.Create(-side / 2, -side / 2, side, side), sampling, paint);
        canvas.Restore();
    }

    /// <summary>The colour with its hue, saturation and lightness moved a little, so no two backdrops are quite the same.</summary>
    private static SKColor Vary(SKColor colour, Random random)
    {
        colour.ToHsl(out var hue, out var saturation, out var lightness);
        return SKColor.FromHsl(
            (hue + (float)Between(random, -8, 8) + 360) % 360,
            Math.Clamp(saturation + (float)Between(random, -6, 6), 0, 100),
            Math.Clamp(lightness + (float)Between(random, -4, 4), 0, 100));
    }

    private static SKColor Shade(SKColor colour, double factor) =>
        new((byte)(colour.Red * factor), (byte)(colour.Green * factor), (byte)(colour.Blue * factor), colour.Alpha);

    private static double Between(Random random, double low, double high) => low + random.NextDouble() * (high - low);
}
