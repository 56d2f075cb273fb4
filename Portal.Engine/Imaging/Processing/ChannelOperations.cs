using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>sharp's channel operations: removeAlpha, ensureAlpha, toColourspace('b-w') and extractChannel.</summary>
internal static class ChannelOperations
{
    /// <summary>Drops alpha: the colours stay as they are (not composed on a background).</summary>
    public static SKBitmap RemoveAlpha(SKBitmap image)
    {
        if (image.AlphaType == SKAlphaType.Opaque) return image;
        var result = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var source = image.PeekPixels())
            source.ReadPixels(result.Info.WithAlphaType(SKAlphaType.Unpremul), result.GetPixels(), result.RowBytes, 0, 0);
        image.Dispose();
        var pixels = result.GetPixelSpan();
        for (var y = 0; y < result.Height; y++)
        {
            var row = pixels.Slice(y * result.RowBytes, result.Width * 4);
            for (var i = 3; i < row.Length; i += 4) row[i] = 255;
        }
        return result;
    }

    /// <summary>Gives an image without alpha an alpha of <paramref name="alpha"/> (0-1); one with alpha keeps it.</summary>
    public static SKBitmap EnsureAlpha(SKBitmap image, double alpha)
    {
        if (image.AlphaType != SKAlphaType.Opaque) return image;
        var value = (byte)Math.Round(alpha * 255);
        var straight = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        image.GetPixelSpan().CopyTo(straight.GetPixelSpan());
        image.Dispose();
        var pixels = straight.GetPixelSpan();
        for (var i = 3; i < pixels.Length; i += 4) pixels[i] = value;
        var result = StraightAlpha.Convert(straight, SKAlphaType.Premul);
        straight.Dispose();
        return result;
    }

    /// <summary>One grey channel (written as grey RGB), alpha kept.</summary>
    public static SKBitmap BlackAndWhite(SKBitmap image) => StraightAlpha.Edit(image, (pixels, width, height, rowBytes) =>
    {
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * rowBytes, width * 4);
            for (var i = 0; i < row.Length; i += 4) row[i] = row[i + 1] = row[i + 2] = StraightAlpha.Luma(row[i], row[i + 1], row[i + 2]);
        }
    });

    /// <summary>The channel (0 red, 1 green, 2 blue, 3 alpha) as an opaque grey image, as sharp's extractChannel gives it.</summary>
    public static SKBitmap ExtractChannel(SKBitmap image, int channel)
    {
        if (channel == 3 && image.AlphaType == SKAlphaType.Opaque)
            throw ImageErrors.BadEdit("extractChannel", "cannot extract channel 3 from an image with channels 0-2");
        using var straight = image.AlphaType == SKAlphaType.Premul ? StraightAlpha.Convert(image, SKAlphaType.Unpremul) : null;
        var source = (straight ?? image).GetPixelSpan();
        var rowBytes = image.RowBytes;
        var result = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var target = result.GetPixelSpan();
        for (var y = 0; y < image.Height; y++)
        {
            var from = source.Slice(y * rowBytes, image.Width * 4);
            var to = target.Slice(y * result.RowBytes, image.Width * 4);
            for (var i = 0; i < from.Length; i += 4)
            {
                to[i] = to[i + 1] = to[i + 2] = from[i + channel];
                to[i + 3] = 255;
            }
        }
        image.Dispose();
        return result;
    }
}
