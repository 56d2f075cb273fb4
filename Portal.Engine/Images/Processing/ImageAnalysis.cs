using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using SkiaSharp;

namespace Portal.Engine.Images.Processing;

/// <summary>What the worker reads from an original: its format, upright size, EXIF camera and date, dominant colour and perceptual hash.</summary>
public sealed record ImageFacts(string Format, int Width, int Height, ExifFacts Exif, string? DominantColor, long PerceptualHash);

/// <summary>Reads <see cref="ImageFacts"/> through the imaging engine (so limits, EXIF orientation and codecs are the handler's own).</summary>
public static class ImageAnalysis
{
    private const int ColourSample = 64;

    public static async Task<ImageFacts> ReadAsync(ImageProcessor processor, byte[] original, CancellationToken cancellationToken)
    {
        var header = ImageHeader.Read(original)
                     ?? throw new ImageRequestException(415, ImageErrorCodes.UnsupportedImageFormat, "The original is not a readable image.");
        // A small upright PNG: its preview knows the full upright size, and its pixels give the dominant colour.
        var sample = await processor.PreviewAsync(original, new ImageRequest(null, "original", ImageEdits.None, ImageFormat.Png), ColourSample,
            cancellationToken: cancellationToken);
        var squeezed = await processor.ProcessAsync(original, new ImageRequest(null, "original",
            new ImageEdits { Resize = new ResizeEdit(PerceptualHash.Side, PerceptualHash.Side, ResizeFit.Fill) }, ImageFormat.Png), cancellationToken);

        string? colour;
        using (var pixels = Decode(sample.Image.Content)) colour = DominantColor(pixels);
        long hash;
        using (var pixels = Decode(squeezed.Content)) hash = PerceptualHash.Of(pixels);
        return new ImageFacts(header.Format.Name(), sample.OutputWidth, sample.OutputHeight, ExifFacts.Read(original), colour, hash);
    }

    /// <summary>
    /// The most common colour: pixels binned by their top 4 bits a channel, the fullest bin's average, as <c>#rrggbb</c>;
    /// null when every pixel is (nearly) transparent.
    /// </summary>
    public static string? DominantColor(SKBitmap bitmap)
    {
        var counts = new int[4096];
        var sums = new long[4096, 3];
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Alpha < 128) continue;
                var bin = (c.Red >> 4) << 8 | (c.Green >> 4) << 4 | c.Blue >> 4;
                counts[bin]++;
                sums[bin, 0] += c.Red;
                sums[bin, 1] += c.Green;
                sums[bin, 2] += c.Blue;
            }
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
            if (counts[i] > counts[best]) best = i;
        if (counts[best] == 0) return null;
        var n = counts[best];
        return $"#{sums[best, 0] / n:x2}{sums[best, 1] / n:x2}{sums[best, 2] / n:x2}";
    }

    private static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("The imaging engine wrote a PNG SkiaSharp cannot read.");
}
