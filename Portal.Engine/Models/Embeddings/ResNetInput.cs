using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Processing;
using SkiaSharp;

namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// Turns an encoded image into what the ResNet18 preprocessing network takes: 224x224 pixels, upright (EXIF orientation),
/// the centre square scaled (ML.NET's default IsoCrop resize), as planar R, G, B floats in 0..255 (ML.NET's ExtractPixels
/// defaults; the network itself reorders to BGR and subtracts the mean image). Transparent pixels are put on white.
/// The declared size is read from the header first and checked against the pixel limit (the upload path's
/// <c>Imaging:MaxInputPixels</c>), so a few hundred bytes claiming 30000x30000 pixels never allocate gigabytes.
/// </summary>
public static class ResNetInput
{
    public const int Side = 224;
    public const int Length = 3 * Side * Side;

    /// <summary>The default pixel limit: the same as the upload path's (<see cref="ImagingOptions.MaxInputPixels"/>).</summary>
    public static readonly long DefaultMaxPixels = new ImagingOptions().MaxInputPixels;

    /// <summary>
    /// Fills <paramref name="planes"/> (<see cref="Length"/> floats); <see cref="InvalidDataException"/> when the bytes are not an
    /// image - also when it declares more than <paramref name="maxPixels"/> pixels, with an <see cref="ImageTooLargeException"/>
    /// as its inner exception (see <see cref="IsTooLarge"/>).
    /// </summary>
    public static void Fill(ReadOnlySpan<byte> encoded, Span<float> planes, long maxPixels)
    {
        if (planes.Length != Length) throw new ArgumentException($"The planes need {Length} floats, not {planes.Length}.", nameof(planes));
        using var square = Decode(encoded, maxPixels);
        var pixels = square.GetPixelSpan();
        const int plane = Side * Side;
        for (var i = 0; i < plane; i++)
        {
            planes[i] = pixels[i * 4];
            planes[plane + i] = pixels[i * 4 + 1];
            planes[2 * plane + i] = pixels[i * 4 + 2];
        }
    }

    public static float[] From(ReadOnlySpan<byte> encoded) => From(encoded, DefaultMaxPixels);

    public static float[] From(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        var planes = new float[Length];
        Fill(encoded, planes, maxPixels);
        return planes;
    }

    /// <summary>The upright centre square at <see cref="Side"/>, RGBA8888 opaque.</summary>
    private static SKBitmap Decode(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        if (encoded.IsEmpty) throw new InvalidDataException("The image is empty.");
        CheckHeader(encoded, maxPixels);
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("The bytes are not an image the portal can decode (JPEG, PNG, WebP or GIF).");
        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0) throw new InvalidDataException("The image has no pixels.");
        // Large photos are decoded scaled down where the codec can (JPEG by 1/2, 1/4, 1/8): a 24 MP photo need not be 96 MB of pixels.
        var scale = Math.Min(1f, 2f * Side / Math.Min(info.Width, info.Height));
        var size = codec.GetScaledDimensions(scale);
        var decoded = new SKBitmap(new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput) && size != info.Size)
        {
            // This codec does not scale: decode at full size.
            decoded.Dispose();
            decoded = new SKBitmap(new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
            result = codec.GetPixels(decoded.Info, decoded.GetPixels());
        }
        if (result is not (SKCodecResult.Success or SKCodecResult.IncompleteInput))
        {
            decoded.Dispose();
            throw new InvalidDataException($"The image could not be decoded ({result}).");
        }
        using var upright = Orientation.FromExif(codec.EncodedOrigin).Turn(decoded);
        return CentreSquare(upright);
    }

    /// <summary>The format by magic bytes and the size the header declares, before Skia sees the bytes.</summary>
    private static void CheckHeader(ReadOnlySpan<byte> encoded, long maxPixels)
    {
        if (ImageHeader.Sniff(encoded, out var description) is not { } format)
            throw new InvalidDataException($"The bytes are not an image the portal can decode (JPEG, PNG, WebP or GIF): {description}.");
        var header = ImageHeader.Read(encoded) ?? throw new InvalidDataException($"The {format.Name()} header is missing or damaged.");
        if (header.Pixels > maxPixels)
        {
            var tooLarge = new ImageTooLargeException(header.Width, header.Height, maxPixels);
            throw new InvalidDataException(tooLarge.Message, tooLarge);
        }
    }

    /// <summary>Whether <paramref name="e"/> refused an image for its declared size rather than for damage.</summary>
    public static bool IsTooLarge(Exception e) => e.InnerException is ImageTooLargeException;

    private static SKBitmap CentreSquare(SKBitmap source)
    {
        var side = Math.Min(source.Width, source.Height);
        var crop = SKRect.Create((source.Width - side) / 2f, (source.Height - side) / 2f, side, side);
        var square = new SKBitmap(new SKImageInfo(Side, Side, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(square);
        canvas.Clear(SKColors.White);
        using var image = SKImage.FromBitmap(source);
        canvas.DrawImage(image, crop, SKRect.Create(Side, Side), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return square;
    }
}

/// <summary>
/// Why an image was refused for its size before any pixel was decoded: the inner exception of the
/// <see cref="InvalidDataException"/> every caller already handles (that type is sealed).
/// </summary>
public sealed class ImageTooLargeException(int width, int height, long maxPixels)
    : Exception($"The image is {width}x{height} pixels; the limit is {maxPixels:N0} pixels (Imaging:MaxInputPixels).");
