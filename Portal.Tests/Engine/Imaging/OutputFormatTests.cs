using System.Buffers.Binary;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Processing;
using Portal.Tests.Infrastructure;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.ImageProcessingTests;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// Every output format Serverless Image Handler offers, decoded back by libvips' loaders: format, size, content type, the
/// palette of a PNG given a quality, and the frames, delays and loop of animations made from animated GIFs.
/// </summary>
public sealed class OutputFormatTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    private Task<ProcessedImage> RunAsync(byte[] source, string edits, string extra = "") =>
        _processor.ProcessAsync(source, Request(edits, extra));

    [Theory]
    [InlineData("jpeg", "image/jpeg", "jpegload_buffer")]
    [InlineData("png", "image/png", "pngload_buffer")]
    [InlineData("webp", "image/webp", "webpload_buffer")]
    [InlineData("gif", "image/gif", "gifload_buffer")]
    [InlineData("tiff", "image/tiff", "tiffload_buffer")]
    [InlineData("avif", "image/avif", "heifload_buffer")]
    [InlineData("heif", "image/heif", "heifload_buffer")]
    public async Task Each_format_is_written_at_the_requested_size_with_its_content_type(string format, string contentType, string loader)
    {
        var result = await RunAsync(Jpeg(Photo(64, 48)), """{"resize":{"width":32}}""", $",\"outputFormat\":\"{format}\"");

        Assert.Equal(contentType, result.ContentType);
        Assert.Equal(ImageFormats.Parse(format), result.Format);
        var decoded = AnimatedGifs.Read(result.Content);
        Assert.Equal(loader, decoded.Loader);
        Assert.Equal((32, 24), (decoded.Width, decoded.Height));
        Assert.Equal((32, 24), (result.Width, result.Height));
    }

    [Fact]
    public async Task Avif_has_the_avif_brand_and_heif_is_av1_coded_as_sharps_default()
    {
        var avif = await RunAsync(Jpeg(Photo(64, 48)), "{}", ",\"outputFormat\":\"avif\"");
        var heif = await RunAsync(Jpeg(Photo(64, 48)), "{}", ",\"outputFormat\":\"heif\"");

        Assert.Equal("ftypavif"u8.ToArray(), avif.Content[4..12]);
        using var decoded = NetVips.Image.NewFromBuffer(heif.Content);
        Assert.Equal("av1", decoded.Get("heif-compression"));
    }

    /// <summary>HEVC needs the system's libheif with x265: skipped on a machine without it, failing under CI=true.</summary>
    internal static void RequireSystemHeif()
    {
        if (SystemHeif.Unavailable is not { } problem) return;
        var message = $"heic output is unavailable: {problem} (apt-get install -y libheif1).";
        if (PeerRequirement.InCi) throw new InvalidOperationException(message + " CI=true, so this fails instead of skipping.");
        Skip.If(true, message);
    }

    [SkippableFact]
    public async Task Heic_is_hevc_coded_heif_from_the_system_libheif()
    {
        RequireSystemHeif();

        var result = await RunAsync(Jpeg(Photo(64, 48)), """{"resize":{"width":32},"heif":{"quality":60}}""", ",\"outputFormat\":\"heic\"");

        Assert.Equal(("image/heic", ImageFormat.Heic), (result.ContentType, result.Format));
        Assert.Equal("ftypheic"u8.ToArray(), result.Content[4..12]);
        using var header = NetVips.Image.NewFromBuffer(result.Content); // the header only: sharp's libvips has no HEVC decoder
        Assert.Equal(("hevc", 32, 24), ((string)header.Get("heif-compression"), header.Width, header.Height));
    }

    [Fact]
    public async Task Png_with_a_quality_is_a_palette_png_and_without_one_full_colour()
    {
        var source = Jpeg(Photo(64, 48));

        var palette = await RunAsync(source, """{"png":{"quality":60}}""", ",\"outputFormat\":\"png\"");
        var fewColours = await RunAsync(source, """{"png":{"colours":16}}""", ",\"outputFormat\":\"png\"");
        var fullColour = await RunAsync(source, """{"grayscale":false}""", ",\"outputFormat\":\"png\"");

        Assert.Equal((3, 8), PngColourTypeAndDepth(palette.Content)); // indexed colour, 8 bits
        Assert.Equal((3, 4), PngColourTypeAndDepth(fewColours.Content));
        Assert.NotEqual(3, PngColourTypeAndDepth(fullColour.Content).ColourType);
        using var pixels = Decode(palette.Content);
        using var original = Decode(source);
        Assert.True(Psnr(pixels, original) > 25, $"PSNR {Psnr(pixels, original):0.0} dB");
    }

    private static (int ColourType, int Depth) PngColourTypeAndDepth(byte[] png)
    {
        Assert.Equal("IHDR"u8.ToArray(), png[12..16]);
        Assert.True(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)) > 0);
        return (png[25], png[24]);
    }

    [Fact]
    public async Task An_animated_gif_is_resized_frame_by_frame_keeping_delays_and_loop()
    {
        var result = await RunAsync(AnimatedGifs.ThreeFrames(40, 30), """{"resize":{"width":20}}""");

        Assert.Equal(("image/gif", 20, 15), (result.ContentType, result.Width, result.Height));
        var decoded = AnimatedGifs.Read(result.Content);
        Assert.Equal(("gifload_buffer", 20, 15, 3), (decoded.Loader, decoded.Width, decoded.Height, decoded.Frames));
        Assert.Equal(AnimatedGifs.Delays, decoded.Delays);
        Assert.Equal(AnimatedGifs.Loop, decoded.Loop);
        for (var i = 0; i < 3; i++) Assert.True(Near(decoded.CentrePixels[i], AnimatedGifs.FrameColours[i], 8), $"frame {i}: {decoded.CentrePixels[i]}");
    }

    [Fact]
    public async Task Every_frame_gets_the_per_frame_edits_and_webp_output_with_animated_true_is_animated()
    {
        var result = await RunAsync(AnimatedGifs.ThreeFrames(40, 30), """{"animated":true,"resize":{"width":20,"height":20,"fit":"contain","background":"#ffffff"},"negate":{"alpha":false}}""",
            ",\"outputFormat\":\"webp\"");

        var decoded = AnimatedGifs.Read(result.Content);
        Assert.Equal(("webpload_buffer", 20, 20, 3), (decoded.Loader, decoded.Width, decoded.Height, decoded.Frames));
        Assert.Equal(AnimatedGifs.Delays, decoded.Delays);
        Assert.Equal(AnimatedGifs.Loop, decoded.Loop);
        for (var i = 0; i < 3; i++)
        {
            var c = AnimatedGifs.FrameColours[i];
            Assert.True(Near(decoded.CentrePixels[i], new SKColor((byte)(255 - c.Red), (byte)(255 - c.Green), (byte)(255 - c.Blue)), 24), $"frame {i}: {decoded.CentrePixels[i]}");
        }
    }

    [Fact]
    public async Task Animated_false_gives_the_first_frame_as_a_still_gif()
    {
        var result = await RunAsync(AnimatedGifs.ThreeFrames(40, 30), """{"animated":false,"resize":{"width":20}}""");

        var decoded = AnimatedGifs.Read(result.Content);
        Assert.Equal(("gifload_buffer", 20, 15, 1), (decoded.Loader, decoded.Width, decoded.Height, decoded.Frames));
        Assert.True(Near(decoded.CentrePixels[0], AnimatedGifs.FrameColours[0], 8));
    }

    [Fact]
    public async Task An_animated_gif_written_as_png_is_its_first_frame()
    {
        var result = await RunAsync(AnimatedGifs.ThreeFrames(40, 30), "{}", ",\"outputFormat\":\"png\"");

        using var pixels = Decode(result.Content);
        Assert.Equal((40, 30), (pixels.Width, pixels.Height));
        Assert.True(Near(Pixel(pixels, 20, 15), AnimatedGifs.FrameColours[0], 8));
    }

    [Theory]
    [InlineData("jxl", "jxl")]
    [InlineData("raw", "raw")]
    [InlineData("bmp", "bmp")]
    public void A_format_the_engine_cannot_write_is_a_400_naming_it(string format, string named)
    {
        var error = Assert.Throws<ImageRequestException>(() => Request("{}", $",\"outputFormat\":\"{format}\""));

        Assert.Equal((400, ImageErrorCodes.UnsupportedOutputFormat), (error.Status, error.Code));
        Assert.Contains($"'{format}'", error.Message);
        Assert.Contains(named, error.Message);
    }
}
