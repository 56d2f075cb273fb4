using System.Diagnostics;
using System.Runtime.InteropServices;
using NetVips;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;

namespace Portal.Engine.Imaging.Processing;

/// <summary>
/// A TIFF, AVIF or SVG source opened by libvips: opening reads only the header (libvips decodes lazily), so the size is checked
/// before any pixel is made; <see cref="Decode"/> then makes the pixels, stopped when the request's time is up. TIFF's
/// orientation tag is reported as the EXIF origin (the pipeline turns the image, as for a JPEG); libheif already applies AVIF's
/// rotation and mirror boxes. SVG is rendered by librsvg from memory: with no base file it loads no other file and fetches nothing.
/// </summary>
internal sealed class VipsSource : IDisposable
{
    private readonly Image _image;

    private VipsSource(Image image, SKEncodedOrigin origin)
    {
        _image = image;
        Origin = origin;
    }

    public int Width => _image.Width;
    public int Height => _image.Height;
    public SKEncodedOrigin Origin { get; }
    public bool IsOpaque => !_image.HasAlpha();

    /// <summary>Opens the header; a damaged one (or no libvips here) throws the 4xx <see cref="ImageRequestException"/>.</summary>
    public static VipsSource Open(byte[] bytes, int length, ImageFormat format, string what)
    {
        if (!VipsCodec.IsAvailable)
            throw new ImageRequestException(415, ImageErrorCodes.UnsupportedImageFormat,
                $"The {what} is {format.Name()}, which cannot be read here: libvips could not be loaded.");
        var buffer = length == bytes.Length ? bytes : bytes.AsSpan(0, length).ToArray();
        Image? image = null;
        try
        {
            image = format switch
            {
                ImageFormat.Tiff => Image.TiffloadBuffer(buffer, failOn: Enums.FailOn.Error),
                ImageFormat.Avif => Image.HeifloadBuffer(buffer, failOn: Enums.FailOn.Error),
                // unlimited: false keeps librsvg's XML limits (entity expansion, depth).
                ImageFormat.Svg => Image.SvgloadBuffer(buffer, unlimited: false, failOn: Enums.FailOn.Error),
                _ => throw new ArgumentOutOfRangeException(nameof(format), format, "not read by libvips here"),
            };
            if (image.Width <= 0 || image.Height <= 0) throw ImageErrors.Corrupt($"the {what} has no pixels");
            var origin = SKEncodedOrigin.TopLeft;
            if (format == ImageFormat.Tiff && image.Contains("orientation") && image.Get("orientation") is int o && o is >= 1 and <= 8)
                origin = (SKEncodedOrigin)o;
            return new VipsSource(image, origin);
        }
        catch (VipsException e)
        {
            image?.Dispose();
            throw ImageErrors.Corrupt($"the {what}'s {format.Name()} data cannot be read ({FirstLine(e.Message)})");
        }
        catch
        {
            image?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The pixels at full size as premultiplied (or opaque) sRGB RGBA; libvips' work is stopped (killed) when
    /// <paramref name="budget"/> is spent, which throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public SKBitmap Decode(WorkBudget budget)
    {
        using var rgba = ToRgba(_image);
        byte[] pixels;
        try
        {
            pixels = Evaluate(rgba, budget);
        }
        catch (VipsException e)
        {
            throw ImageErrors.Corrupt($"its pixels cannot be decoded ({FirstLine(e.Message)})");
        }
        budget.ThrowIfSpent();
        var straight = new SKImageInfo(rgba.Width, rgba.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var bitmap = new SKBitmap(new SKImageInfo(rgba.Width, rgba.Height, SKColorType.Rgba8888, IsOpaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        var pin = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(straight, pin.AddrOfPinnedObject(), rgba.Width * 4);
            if (!pixmap.ReadPixels(bitmap.Info, bitmap.GetPixels(), bitmap.RowBytes))
            {
                bitmap.Dispose();
                throw ImageErrors.Corrupt("its pixels cannot be converted");
            }
        }
        finally
        {
            pin.Free();
        }
        return bitmap;
    }

    /// <summary>
    /// Computes <paramref name="image"/>'s pixels, killing libvips' work at the first progress report after the caller cancelled
    /// or the deadline passed (<see cref="OperationCanceledException"/>); libvips' own errors are <see cref="VipsException"/>.
    /// </summary>
    internal static byte[] Evaluate(Image image, WorkBudget budget)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(budget.CancellationToken);
        // NetVips kills on a progress report once the token is cancelled; the reports check the deadline themselves, so a
        // thread pool too busy to run a timer cannot let it pass.
        image.SetProgress(new DeadlineCheck(budget, stop), stop.Token);
        try
        {
            return image.WriteToMemory<byte>();
        }
        catch (VipsException e) when (stop.IsCancellationRequested)
        {
            throw new OperationCanceledException("The processing time limit passed.", e);
        }
    }

    private sealed class DeadlineCheck(WorkBudget budget, CancellationTokenSource stop) : IProgress<int>
    {
        public void Report(int value)
        {
            if (!stop.IsCancellationRequested && Stopwatch.GetTimestamp() > budget.DeadlineTimestamp) stop.Cancel();
        }
    }

    /// <summary>8-bit sRGB with alpha: greys, CMYK and 16-bit images converted by libvips; extra bands dropped.</summary>
    private static Image ToRgba(Image image)
    {
        var srgb = image.Interpretation == Enums.Interpretation.Srgb && image.Format == Enums.BandFormat.Uchar
            ? image.Copy()
            : image.Colourspace(Enums.Interpretation.Srgb);
        if (srgb.Format != Enums.BandFormat.Uchar) srgb = Replace(srgb, srgb.Cast(Enums.BandFormat.Uchar));
        if (srgb.Bands < 3) srgb = Replace(srgb, srgb.Colourspace(Enums.Interpretation.Srgb));
        if (srgb.Bands == 3) srgb = Replace(srgb, srgb.Bandjoin(255));
        else if (srgb.Bands > 4) srgb = Replace(srgb, srgb.ExtractBand(0, n: 4));
        return srgb;
    }

    private static Image Replace(Image old, Image next)
    {
        old.Dispose();
        return next;
    }

    private static string FirstLine(string message) => message.Trim().Split('\n')[0].Trim().TrimEnd('.');

    public void Dispose() => _image.Dispose();
}
