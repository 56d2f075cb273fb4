using System.Runtime.InteropServices;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// An encoded source image opened for decoding: format checked by magic bytes against the allow-list,
/// size checked from the header against the pixel limit before any pixel is decoded, then an SKCodec
/// that can decode at 1/8, 1/4, 1/2 or full scale (JPEG's shrink-on-load), or for TIFF, AVIF and SVG a <see cref="VipsSource"/>.
/// </summary>
internal sealed class SourceImage : IDisposable
{
    private GCHandle _pin;
    private readonly SKData? _data;
    private readonly SKCodec? _codec;
    private readonly SKBitmap? _frame;
    private readonly VipsSource? _vips;
    private readonly WorkBudget _budget;
    private readonly byte[] _bytes;
    private readonly int _length;
    private readonly bool _turboJpeg;

    private SourceImage(GCHandle pin, SKData data, SKCodec codec, ImageFormat format, byte[] bytes, int length, bool turboJpeg)
    {
        _pin = pin;
        _data = data;
        _codec = codec;
        Format = format;
        _bytes = bytes;
        _length = length;
        _turboJpeg = turboJpeg;
    }

    /// <summary>One decoded frame of an animation (premultiplied RGBA, upright), drawn from as a source; the caller keeps it.</summary>
    private SourceImage(SKBitmap frame, ImageFormat format)
    {
        _frame = frame;
        Format = format;
        _bytes = [];
    }

    private SourceImage(VipsSource vips, ImageFormat format, WorkBudget budget)
    {
        _vips = vips;
        Format = format;
        _bytes = [];
        _budget = budget;
    }

    public static SourceImage FromFrame(SKBitmap frame, ImageFormat format) => new(frame, format);

    public ImageFormat Format { get; }
    public int Width => _frame?.Width ?? _vips?.Width ?? _codec!.Info.Width;
    public int Height => _frame?.Height ?? _vips?.Height ?? _codec!.Info.Height;
    public SKEncodedOrigin Origin => _frame is not null ? SKEncodedOrigin.TopLeft : _vips?.Origin ?? _codec!.EncodedOrigin;
    public bool IsOpaque => _vips?.IsOpaque ?? (_frame?.AlphaType ?? _codec!.Info.AlphaType) == SKAlphaType.Opaque;

    /// <summary>
    /// Checks and opens <paramref name="bytes"/>; a refused or damaged image throws <see cref="ImageRequestException"/>.
    /// <paramref name="rasterise"/>: whether an SVG may be read (a request with edits, whose output is pixels); an SVG is never
    /// answered as it is. <paramref name="budget"/> stops libvips' decoding (TIFF, AVIF, SVG) when the request's time is up.
    /// </summary>
    public static SourceImage Open(byte[] bytes, int length, ImagingOptions options, string what = "image", bool rasterise = false,
        WorkBudget? budget = null)
    {
        if (length > options.MaxInputBytes)
            throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage,
                $"The {what} is {length:N0} bytes; the limit is {options.MaxInputBytes:N0} bytes.");
        var span = bytes.AsSpan(0, length);
        var format = ImageHeader.Sniff(span, out var description);
        if (format is null)
            throw new ImageRequestException(415, ImageErrorCodes.UnsupportedImageFormat,
                $"The {what} is not a supported image: {description}. Accepted formats: {string.Join(", ", options.AllowedInputFormatNames)}.");
        if (!options.AllowedFormats.Contains(format.Value))
            throw new ImageRequestException(415, ImageErrorCodes.UnsupportedImageFormat,
                $"The {what} is {format.Value.Name()}, which is not accepted here. Accepted formats: {string.Join(", ", options.AllowedInputFormatNames)}.");
        if (format == ImageFormat.Svg) return OpenSvg(bytes, length, options, what, rasterise, budget);
        var header = ImageHeader.Read(span) ?? throw ImageErrors.Corrupt($"the {what}'s {format.Value.Name()} header is missing or damaged");
        if (header.Pixels > options.MaxInputPixels)
            throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage,
                $"The {what} is {header.Width}x{header.Height} pixels; the limit is {options.MaxInputPixels:N0} pixels.");
        if (format.Value.DecodedByVips()) return OpenVips(bytes, length, format.Value, options.MaxInputPixels, what, budget);

        var pin = GCHandle.Alloc(bytes, GCHandleType.Pinned);
        SKData? data = null;
        try
        {
            data = SKData.Create(pin.AddrOfPinnedObject(), length);
            var codec = SKCodec.Create(data) ?? throw ImageErrors.Corrupt($"the {what} cannot be read");
            if ((long)codec.Info.Width * codec.Info.Height > options.MaxInputPixels || codec.Info.Width <= 0 || codec.Info.Height <= 0)
            {
                codec.Dispose();
                throw ImageErrors.Corrupt($"the {what}'s declared size does not match its header");
            }
            return new SourceImage(pin, data, codec, format.Value, bytes, length, format == ImageFormat.Jpeg && options.UseTurboJpeg);
        }
        catch
        {
            data?.Dispose();
            pin.Free();
            throw;
        }
    }

    private static SourceImage OpenSvg(byte[] bytes, int length, ImagingOptions options, string what, bool rasterise, WorkBudget? budget)
    {
        if (!rasterise)
            throw new ImageRequestException(415, ImageErrorCodes.UnsupportedImageFormat,
                $"The {what} is SVG, which is only rasterised by a request with edits (it becomes PNG unless a format is asked for): "
                + "as it is, it is never served (its scripts would run on this site).");
        if (length > options.MaxSvgBytes)
            throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage,
                $"The {what} is an SVG of {length:N0} bytes; the limit for SVG is {options.MaxSvgBytes:N0} bytes.");
        return OpenVips(bytes, length, ImageFormat.Svg, Math.Min(options.MaxInputPixels, options.MaxSvgPixels), what, budget);
    }

    /// <summary>The header by libvips, its size checked again (an SVG's only check, a TIFF's or AVIF's oriented size), pixels left for <see cref="Decode"/>.</summary>
    private static SourceImage OpenVips(byte[] bytes, int length, ImageFormat format, long maxPixels, string what, WorkBudget? budget)
    {
        var vips = VipsSource.Open(bytes, length, format, what);
        var (width, height) = (vips.Width, vips.Height);
        if ((long)width * height > maxPixels)
        {
            vips.Dispose();
            throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage,
                $"The {what} is {width}x{height} pixels; the limit{(format == ImageFormat.Svg ? " for SVG" : "")} is {maxPixels:N0} pixels.");
        }
        return new SourceImage(vips, format, budget ?? WorkBudget.Unlimited(CancellationToken.None));
    }

    /// <summary>
    /// The smallest decode scale (1/8, 1/4, 1/2 for JPEG, else 1) whose result still has at least
    /// <paramref name="needWidth"/> x <paramref name="needHeight"/> pixels over a region of
    /// <paramref name="regionWidth"/> x <paramref name="regionHeight"/> full-size pixels.
    /// </summary>
    public SKSizeI ScaledSize(double regionWidth, double regionHeight, int needWidth, int needHeight)
    {
        if (Format != ImageFormat.Jpeg || _codec is null) return new SKSizeI(Width, Height);
        foreach (var scale in new[] { 0.125f, 0.25f, 0.5f })
        {
            var size = _codec.GetScaledDimensions(scale);
            if (regionWidth * size.Width / Width >= needWidth - 1e-6 && regionHeight * size.Height / Height >= needHeight - 1e-6)
                return size;
        }
        return new SKSizeI(Width, Height);
    }

    /// <summary>Decodes the whole image at <paramref name="size"/> (a size from <see cref="ScaledSize"/>), 4 bytes a pixel.</summary>
    public SKBitmap Decode(SKSizeI size)
    {
        if (_frame is not null) return _frame.Copy();
        if (_vips is not null) return _vips.Decode(_budget); // at full size: ScaledSize offers no other
        var codec = _codec!;
        var alpha = IsOpaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        var colorSpace = codec.Info.ColorSpace is { IsSrgb: false } ? SKColorSpace.CreateSrgb() : null;
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, alpha, colorSpace);
        var bitmap = new SKBitmap(info);
        if (colorSpace is null && _turboJpeg && TurboJpeg.ReadHeader(_bytes, _length) is { Rgb: true })
        {
            // libjpeg-turbo directly: the same decoder family as Skia's, built with all its SIMD paths.
            var error = TurboJpeg.Decode(_bytes, _length, bitmap.GetPixels(), info.Width, info.RowBytes, info.Height);
            if (error is null) return bitmap;
            bitmap.Dispose();
            throw ImageErrors.Corrupt(error.Contains("Premature end", StringComparison.OrdinalIgnoreCase)
                ? "the image data ends early (truncated file)" : error.TrimEnd('.'));
        }
        var result = codec.GetPixels(info, bitmap.GetPixels(), info.RowBytes, new SKCodecOptions(0));
        if (result == SKCodecResult.Success) return bitmap;
        bitmap.Dispose();
        throw ImageErrors.Corrupt(result == SKCodecResult.IncompleteInput ? "the image data ends early (truncated file)" : $"decoding failed ({result})");
    }

    public void Dispose()
    {
        _vips?.Dispose();
        _codec?.Dispose();
        _data?.Dispose();
        if (_pin.IsAllocated) _pin.Free();
    }
}
