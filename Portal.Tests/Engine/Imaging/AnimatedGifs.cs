using NetVips;
using SkiaSharp;

namespace Portal.Tests.Engine.Imaging;

/// <summary>Animated test sources written by libvips' GIF encoder (cgif), and outputs read back by its loaders.</summary>
internal static class AnimatedGifs
{
    public static readonly SKColor[] FrameColours = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255)];
    public static readonly int[] Delays = [100, 200, 300];
    public const int Loop = 2;

    /// <summary>Three flat frames (red, green, blue) of <paramref name="width"/> x <paramref name="height"/>, 100/200/300 ms, looping twice.</summary>
    public static byte[] ThreeFrames(int width = 40, int height = 30)
    {
        var pixels = new byte[width * height * 4 * FrameColours.Length];
        for (var i = 0; i < pixels.Length; i += 4)
        {
            var colour = FrameColours[i / (width * height * 4)];
            (pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) = (colour.Red, colour.Green, colour.Blue, 255);
        }
        using var memory = Image.NewFromMemory(pixels, width, height * FrameColours.Length, 4, Enums.BandFormat.Uchar);
        using var strip = memory.Copy(interpretation: Enums.Interpretation.Srgb);
        using var animated = strip.Mutate(m =>
        {
            m.Set(GValue.GIntType, "page-height", height);
            m.Set(GValue.ArrayIntType, "delay", Delays);
            m.Set(GValue.GIntType, "loop", Loop);
        });
        return animated.GifsaveBuffer();
    }

    /// <summary>The output read back with every page: loader, frame size, frame count, delays and loop.</summary>
    public static Decoded Read(byte[] bytes)
    {
        using var image = Load(bytes);
        var pageHeight = image.PageHeight;
        var delays = image.Contains("delay") ? (int[])image.Get("delay") : [];
        var loop = image.Contains("loop") ? (int)image.Get("loop") : -1;
        var firstPixels = new List<SKColor>();
        for (var page = 0; page < image.Height / pageHeight; page++)
        {
            var pixel = image.Getpoint(image.Width / 2, page * pageHeight + pageHeight / 2);
            firstPixels.Add(new SKColor((byte)pixel[0], (byte)pixel[1], (byte)pixel[2]));
        }
        return new Decoded((string)image.Get("vips-loader"), image.Width, pageHeight, image.Height / pageHeight, delays, loop, firstPixels);
    }

    /// <summary>Every page where the loader has pages (GIF, WebP, TIFF, HEIF); JPEG and PNG have none.</summary>
    public static Image Load(byte[] bytes)
    {
        try
        {
            return Image.NewFromBuffer(bytes, "", kwargs: new VOption { { "n", -1 } });
        }
        catch (Exception e) when (e is VipsException or ArgumentException) // JPEG and PNG loaders have no "n"
        {
            return Image.NewFromBuffer(bytes);
        }
    }

    public sealed record Decoded(string Loader, int Width, int Height, int Frames, int[] Delays, int Loop, List<SKColor> CentrePixels);
}
