using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// Per-pixel operations read colours as sharp does, not multiplied by alpha: a premultiplied bitmap is converted for the
/// edit and back (an opaque one is edited in place). Pixels are RGBA, 4 bytes each, rows <c>RowBytes</c> apart.
/// </summary>
internal static class StraightAlpha
{
    public delegate void PixelEdit(Span<byte> pixels, int width, int height, int rowBytes);

    public static SKBitmap Edit(SKBitmap image, PixelEdit edit)
    {
        if (image.AlphaType != SKAlphaType.Premul)
        {
            edit(image.GetPixelSpan(), image.Width, image.Height, image.RowBytes);
            return image;
        }
        using var straight = Convert(image, SKAlphaType.Unpremul);
        edit(straight.GetPixelSpan(), straight.Width, straight.Height, straight.RowBytes);
        var result = Convert(straight, SKAlphaType.Premul);
        image.Dispose();
        return result;
    }

    /// <summary>A copy of <paramref name="image"/> with its pixels stored as <paramref name="alpha"/>.</summary>
    public static SKBitmap Convert(SKBitmap image, SKAlphaType alpha)
    {
        var result = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, alpha));
        using var source = image.PeekPixels();
        source.ReadPixels(result.Info, result.GetPixels(), result.RowBytes, 0, 0);
        return result;
    }

    /// <summary>Maps every colour channel (not alpha) through <paramref name="table"/>.</summary>
    public static SKBitmap Map(SKBitmap image, byte[] table) => Edit(image, (pixels, width, height, rowBytes) =>
    {
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            for (var i = 0; i < row.Length; i += 4)
            {
                row[i] = table[row[i]];
                row[i + 1] = table[row[i + 1]];
                row[i + 2] = table[row[i + 2]];
            }
        }
    });

    /// <summary>Rec. 709 luma of 8-bit values, as the engine's greyscale computes it.</summary>
    public static byte Luma(byte r, byte g, byte b) => (byte)Math.Min(255, (int)(0.2126f * r + 0.7152f * g + 0.0722f * b + 0.5f));
}
