using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// Writes the result without metadata (no EXIF, no ICC profile: pixels are sRGB): JPEG and WebP by the system codecs or Skia,
/// full-colour PNG by Skia, what Skia cannot write (GIF, TIFF, AVIF, HEIF, palette PNG) by libvips, HEIC by the system's libheif.
/// </summary>
internal static class ImageEncoder
{
    /// <param name="pngColours">For PNG: the palette size when a palette PNG is asked for (sharp's <c>png({quality})</c>), else null.</param>
    /// <param name="gif">For GIF: sharp's gif options from <c>edits.gif</c>, or null for its defaults.</param>
    public static byte[] Encode(SKBitmap image, ImageFormat format, int quality, int? pngColours, ImagingOptions options, GifOptions? gif = null)
    {
        if (format == ImageFormat.Heic) return EncodeHeic(image, quality);
        if (format is ImageFormat.Gif or ImageFormat.Tiff or ImageFormat.Avif or ImageFormat.Heif
            || (format == ImageFormat.Png && pngColours is not null && VipsCodec.IsAvailable))
            return VipsCodec.EncodeStill(image, format, quality, pngColours, gif);
        var opaqueRgba = image.ColorType == SKColorType.Rgba8888 && image.AlphaType == SKAlphaType.Opaque;
        if (format == ImageFormat.Jpeg && opaqueRgba && options.UseTurboJpeg)
            return TurboJpeg.Encode(image.GetPixels(), image.Width, image.RowBytes, image.Height, quality);
        if (format == ImageFormat.Webp && opaqueRgba && options.UseSystemWebp)
            return SystemWebp.EncodeLossy(image.GetPixels(), image.Width, image.RowBytes, image.Height, quality);
        var info = image.Info.WithColorSpace(null);
        using var pixmap = new SKPixmap(info, image.GetPixels(), info.RowBytes);
        using var data = format switch
        {
            ImageFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)),
            ImageFormat.Png => pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6)),
            _ => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
        };
        return data?.ToArray() ?? throw new InvalidOperationException($"Skia could not encode {format.Name()}.");
    }

    private static byte[] EncodeHeic(SKBitmap image, int quality)
    {
        try
        {
            return SystemHeif.Encode(image, quality);
        }
        catch (InvalidOperationException e)
        {
            throw new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat, $"The image could not be written as heic: {e.Message}.", e);
        }
    }
}
