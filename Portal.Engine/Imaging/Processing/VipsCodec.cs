using System.Runtime.InteropServices;
using NetVips;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// libvips through NetVips (native build NetVips.Native: the libvips sharp itself ships, with cgif, libimagequant,
/// libtiff, libheif and aom) for what Skia cannot write: GIF (animated too), animated WebP, palette PNG, TIFF, AVIF and
/// HEIF, and for reading every frame of an animated source. Encoded with sharp's defaults and without metadata.
/// </summary>
internal static class VipsCodec
{
    private static readonly Lazy<string?> LoadProblem = new(() =>
    {
        try
        {
            if (!ModuleInitializer.VipsInitialized)
                return "libvips could not be loaded" + (ModuleInitializer.Exception is { } e ? $" ({e.Message})" : "");
            Cache.Max = 0; // each request is encoded once: libvips' operation cache would only hold memory
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return "libvips could not be loaded (" + e.Message + ")";
        }
    });

    /// <summary>Null when the AV1 encoder works, else why not (probed once by encoding a tiny image).</summary>
    private static readonly Lazy<string?> Av1Problem = new(() =>
    {
        if (LoadProblem.Value is { } problem) return problem;
        try
        {
            using var probe = Image.Black(8, 8, bands: 3);
            probe.HeifsaveBuffer(q: 50, compression: Enums.ForeignHeifCompression.Av1, effort: 0, keep: Enums.ForeignKeep.None);
            return null;
        }
        catch (VipsException e)
        {
            return "no AV1 encoder is available (" + e.Message.Trim() + ")";
        }
    });

    /// <summary>The libvips version, e.g. "8.18.7", or null when it is not loaded.</summary>
    public static string? Version => LoadProblem.Value is null ? $"{NetVips.NetVips.Version(0)}.{NetVips.NetVips.Version(1)}.{NetVips.NetVips.Version(2)}" : null;

    public static bool IsAvailable => LoadProblem.Value is null;

    /// <summary>Throws the 400 naming <paramref name="format"/> when its encoder is not available here.</summary>
    public static void EnsureCanWrite(ImageFormat format)
    {
        if (ProblemWriting(format) is { } problem)
            throw new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat,
                $"The output format '{format.Name()}' cannot be written here: {problem}.");
    }

    /// <summary>Null when <paramref name="format"/> can be written here, else why not.</summary>
    public static string? ProblemWriting(ImageFormat format) => format switch
    {
        ImageFormat.Gif or ImageFormat.Tiff => LoadProblem.Value,
        ImageFormat.Avif or ImageFormat.Heif => Av1Problem.Value,
        ImageFormat.Heic => SystemHeif.Unavailable,
        ImageFormat.Svg => "SVG is read as a source (with edits), never written",
        _ => null,
    };

    /// <summary>Encodes one still image (premultiplied or opaque RGBA) as GIF, TIFF, AVIF, HEIF or palette PNG.</summary>
    public static byte[] EncodeStill(SKBitmap bitmap, ImageFormat format, int quality, int? pngColours = null, GifOptions? gif = null)
    {
        using var image = FromBitmaps([bitmap]);
        return Save(image, format, quality, pngColours, gif);
    }

    /// <summary>
    /// Encodes frames of one size as an animated GIF or WebP: <paramref name="delays"/> in milliseconds a frame,
    /// <paramref name="loop"/> the repeat count (0: for ever).
    /// </summary>
    public static byte[] EncodeAnimation(IReadOnlyList<SKBitmap> frames, IReadOnlyList<int> delays, int loop, ImageFormat format, int quality,
        GifOptions? gif = null)
    {
        using var strip = FromBitmaps(frames);
        using var animated = strip.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", frames[0].Height);
            m.Set(GValue.ArrayIntType, "delay", delays.ToArray());
            m.Set(GValue.GIntType, "loop", loop);
        });
        return format == ImageFormat.Webp
            ? animated.WebpsaveBuffer(q: quality, effort: 4, keep: Enums.ForeignKeep.None)
            : Save(animated, format, quality, null, gif);
    }

    private static byte[] Save(Image image, ImageFormat format, int quality, int? pngColours, GifOptions? gif)
    {
        try
        {
            return format switch
            {
                // sharp's gif(): effort 7, dither 1, libvips' inter-frame defaults; edits.gif's options over them.
                ImageFormat.Gif => image.GifsaveBuffer(effort: gif?.Effort ?? 7, dither: gif?.Dither ?? 1.0, bitdepth: gif?.BitDepth,
                    interframeMaxerror: gif?.InterFrameMaxError, reuse: gif?.Reuse, interpaletteMaxerror: gif?.InterPaletteMaxError,
                    interlace: gif?.Progressive, keep: Enums.ForeignKeep.None),
                // sharp's tiff(): JPEG compression with the horizontal predictor, quality 80 unless given.
                ImageFormat.Tiff => image.TiffsaveBuffer(compression: Enums.ForeignTiffCompression.Jpeg, q: quality,
                    predictor: Enums.ForeignTiffPredictor.Horizontal, keep: Enums.ForeignKeep.None),
                // sharp's avif() and heif() (0.32: compression av1 by default): effort 4, 4:4:4 chroma, 8 bits.
                ImageFormat.Avif or ImageFormat.Heif => image.HeifsaveBuffer(q: quality, compression: Enums.ForeignHeifCompression.Av1,
                    effort: 4, subsampleMode: Enums.ForeignSubsample.Off, bitdepth: 8, keep: Enums.ForeignKeep.None),
                // sharp's png({quality}): a palette of up to 256 colours quantised by libimagequant, effort 7, dither 1.
                ImageFormat.Png => image.PngsaveBuffer(palette: true, q: quality, effort: 7, dither: 1.0, compression: 6,
                    bitdepth: BitDepthFor(pngColours), keep: Enums.ForeignKeep.None),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not written by libvips here"),
            };
        }
        catch (VipsException e)
        {
            throw new ImageRequestException(400, ImageErrorCodes.UnsupportedOutputFormat,
                $"The image could not be written as {format.Name()}: {e.Message.Trim()}.", e);
        }
    }

    /// <summary>As sharp: the palette's bit depth is the fewest bits that hold the colours asked for.</summary>
    private static int BitDepthFor(int? colours) => colours switch
    {
        null or > 16 => 8,
        > 4 => 4,
        > 2 => 2,
        _ => 1,
    };

    /// <summary>The bitmaps stacked top to bottom as one straight-alpha RGBA image (libvips' layout of animation pages).</summary>
    private static Image FromBitmaps(IReadOnlyList<SKBitmap> bitmaps)
    {
        if (LoadProblem.Value is { } problem) throw new InvalidOperationException(problem);
        int width = bitmaps[0].Width, height = bitmaps[0].Height;
        var frameBytes = width * height * 4;
        var pixels = new byte[(long)frameBytes * bitmaps.Count];
        var straight = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pin = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            for (var i = 0; i < bitmaps.Count; i++)
            {
                using var pixmap = bitmaps[i].PeekPixels();
                if (!pixmap.ReadPixels(straight, pin.AddrOfPinnedObject() + (nint)((long)frameBytes * i), width * 4))
                    throw new InvalidOperationException("The frame's pixels could not be read.");
            }
        }
        finally
        {
            pin.Free();
        }
        // Four bands of memory are "multiband" to libvips, which savers then read as CMYK: these are sRGB with alpha.
        using var memory = Image.NewFromMemory(pixels, width, height * bitmaps.Count, 4, Enums.BandFormat.Uchar);
        return memory.Copy(interpretation: Enums.Interpretation.Srgb);
    }

    /// <summary>
    /// Every frame of an animated GIF or WebP, composited as libvips' loaders do, as premultiplied RGBA bitmaps; with the
    /// delays (ms) and loop count. Null when the source has one frame.
    /// </summary>
    public static AnimationFrames? ReadFrames(byte[] source, int length, ImageFormat format, long maxPixels)
    {
        if (LoadProblem.Value is not null || format is not (ImageFormat.Gif or ImageFormat.Webp)) return null;
        var bytes = length == source.Length ? source : source.AsSpan(0, length).ToArray();
        try
        {
            using var image = format == ImageFormat.Gif
                ? Image.GifloadBuffer(bytes, n: -1, failOn: Enums.FailOn.Error)
                : Image.WebploadBuffer(bytes, n: -1, failOn: Enums.FailOn.Error);
            var pageHeight = image.PageHeight;
            var pages = pageHeight > 0 ? image.Height / pageHeight : 1;
            if (pages <= 1) return null;
            if ((long)image.Width * image.Height > maxPixels)
                throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage,
                    $"The animation is {image.Width}x{pageHeight} pixels in {pages} frames; the limit is {maxPixels:N0} pixels in all.");
            var delays = image.Contains("delay") && image.Get("delay") is int[] d ? d : [];
            var loop = image.Contains("loop") ? (int)image.Get("loop") : 0;
            using var rgba = ToRgba(image);
            var pixels = rgba.WriteToMemory<byte>();
            var frames = new List<SKBitmap>(pages);
            var straight = new SKImageInfo(image.Width, pageHeight, SKColorType.Rgba8888, SKAlphaType.Unpremul);
            var pin = GCHandle.Alloc(pixels, GCHandleType.Pinned);
            try
            {
                for (var i = 0; i < pages; i++)
                {
                    var frame = new SKBitmap(new SKImageInfo(image.Width, pageHeight, SKColorType.Rgba8888, SKAlphaType.Premul));
                    frames.Add(frame);
                    using var pixmap = new SKPixmap(straight, pin.AddrOfPinnedObject() + (nint)((long)image.Width * pageHeight * 4 * i), image.Width * 4);
                    pixmap.ReadPixels(frame.Info, frame.GetPixels(), frame.RowBytes);
                }
            }
            finally
            {
                pin.Free();
            }
            var frameDelays = Enumerable.Range(0, pages).Select(i => i < delays.Length ? delays[i] : 100).ToArray();
            return new AnimationFrames(frames, frameDelays, loop);
        }
        catch (VipsException e)
        {
            throw ImageErrors.Corrupt("its frames could not be read (" + e.Message.Trim() + ")");
        }
    }

    private static Image ToRgba(Image image)
    {
        var srgb = image.Interpretation == Enums.Interpretation.Srgb ? image.Copy() : image.Colourspace(Enums.Interpretation.Srgb);
        if (srgb.Format != Enums.BandFormat.Uchar) srgb = srgb.Cast(Enums.BandFormat.Uchar);
        return srgb.HasAlpha() ? srgb : srgb.Bandjoin(255);
    }
}

/// <summary>The frames of an animated source (premultiplied RGBA, one size), their delays in ms and the loop count (0: for ever).</summary>
internal sealed record AnimationFrames(List<SKBitmap> Frames, int[] Delays, int Loop) : IDisposable
{
    public void Dispose()
    {
        foreach (var frame in Frames) frame.Dispose();
    }
}
