using Portal.Engine.Imaging.Formats;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>Writes the result without metadata (no EXIF, no ICC profile: pixels are sRGB).</summary>
internal static class ImageEncoder
{
    public static byte[] Encode(SKBitmap image, ImageFormat format, int quality, ImagingOptions options)
    {
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
            ImageFormat.Webp => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
            _ => throw new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat, $"The output format '{format.Name()}' is not supported; use jpeg, png or webp."),
        };
        return data?.ToArray() ?? throw new InvalidOperationException($"Skia could not encode {format.Name()}.");
    }
}
