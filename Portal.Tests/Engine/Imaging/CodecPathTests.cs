using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Processing;
using Portal.Tests.Infrastructure;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// JPEG and WebP go through the system codecs (libturbojpeg, libwebp) when installed and through Skia's otherwise:
/// both paths must give the same images and the same refusals. The system path skips on a developer machine
/// without the libraries and fails under CI=true (scripts/test.sh installs them).
/// </summary>
public sealed class SystemCodecPathTests() : CodecPathTests("Auto");

public sealed class SkiaCodecPathTests() : CodecPathTests("Off");

public abstract class CodecPathTests(string systemCodecs)
{
    private ImageProcessor Processor()
    {
        if (systemCodecs != "Off" && !(TurboJpeg.IsAvailable && SystemWebp.IsAvailable))
        {
            const string message = "libturbojpeg/libwebp are not installed (apt-get install -y libturbojpeg0 libwebp7).";
            if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
            Skip.If(true, message);
        }
        return new ImageProcessor(new ImagingOptions { SystemCodecs = systemCodecs });
    }

    [SkippableFact]
    public async Task A_jpeg_is_resized_at_a_reduced_decode_scale_and_written_as_jpeg()
    {
        using var processor = Processor();
        var result = await processor.ProcessAsync(Jpeg(Quadrants(1600, 800)), ImageProcessingTests.Request("""{"resize":{"width":190}}"""));
        Assert.Equal((190, 95), (result.Width, result.Height));
        Assert.Equal([0xFF, 0xD8, 0xFF], result.Content[..3]);
        using var pixels = Decode(result.Content);
        Assert.True(Near(Pixel(pixels, 20, 20), TopLeft, 16), Pixel(pixels, 20, 20).ToString());
        Assert.True(Near(Pixel(pixels, 170, 75), BottomRight, 16), Pixel(pixels, 170, 75).ToString());
    }

    [SkippableFact]
    public async Task Webp_output_keeps_the_pixels()
    {
        using var processor = Processor();
        var source = Png(Photo(300, 200));
        var result = await processor.ProcessAsync(source, ImageProcessingTests.Request("""{"toFormat":"webp","webp":{"quality":95}}"""));
        Assert.Equal("RIFF"u8.ToArray(), result.Content[..4]);
        using var original = Decode(source);
        using var pixels = Decode(result.Content);
        Assert.True(Psnr(original, pixels) > 35, $"PSNR {Psnr(original, pixels):0.0}");
    }

    [SkippableFact]
    public async Task Transparent_webp_output_keeps_its_alpha()
    {
        using var processor = Processor();
        var result = await processor.ProcessAsync(Png(Flat(20, 20, new SKColor(255, 0, 0, 0))), ImageProcessingTests.Request("""{"toFormat":"webp"}"""));
        using var pixels = Decode(result.Content);
        Assert.Equal(0, Pixel(pixels, 10, 10).Alpha);
    }

    [SkippableTheory]
    [InlineData(3, "BottomRight")]
    [InlineData(6, "BottomLeft")]
    public async Task Exif_orientation_is_applied(ushort orientation, string corner)
    {
        using var processor = Processor();
        var source = WithExifOrientation(Jpeg(Quadrants(800, 400)), orientation);
        var result = await processor.ProcessAsync(source, ImageProcessingTests.Request("""{"resize":{"width":40}}"""));
        using var pixels = Decode(result.Content);
        var expected = corner == "BottomRight" ? BottomRight : BottomLeft;
        Assert.True(Near(Pixel(pixels, 3, 3), expected, 24), Pixel(pixels, 3, 3).ToString());
        Assert.DoesNotContain("Exif", System.Text.Encoding.ASCII.GetString(result.Content));
    }

    [SkippableFact]
    public async Task A_truncated_jpeg_is_refused_as_truncated()
    {
        using var processor = Processor();
        var jpeg = Jpeg(Photo(400, 300));
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            processor.ProcessAsync(jpeg[..(jpeg.Length * 2 / 3)], ImageProcessingTests.Request("""{"resize":{"width":100}}""")));
        Assert.Equal((422, ImageErrorCodes.CorruptImage), (error.Status, error.Code));
        Assert.Contains("truncated", error.Message);
    }

    [SkippableFact]
    public async Task Damaged_jpeg_data_gives_an_image_or_a_4xx_never_a_crash()
    {
        using var processor = Processor();
        var jpeg = Jpeg(Photo(256, 192), 90);
        var random = new Random(11);
        for (var i = 0; i < 40; i++)
        {
            var damaged = (byte[])jpeg.Clone();
            for (var k = 0; k < 1 + i % 8; k++) damaged[random.Next(damaged.Length / 3, damaged.Length - 2)] = (byte)random.Next(256);
            try
            {
                var result = await processor.ProcessAsync(damaged, ImageProcessingTests.Request("""{"resize":{"width":64}}"""));
                Assert.Equal(64, result.Width);
            }
            catch (ImageRequestException e)
            {
                Assert.InRange(e.Status, 400, 499);
            }
        }
    }
}
