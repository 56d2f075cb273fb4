using System.Text;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>Damaged, disguised and oversized sources are refused with a 4xx and a clear message, never a crash.</summary>
public sealed class BadImageTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions { MaxInputPixels = 50_000_000, MaxInputBytes = 5_000_000 });

    public void Dispose() => _processor.Dispose();

    private async Task<ImageRequestException> RefusedAsync(byte[] source, ImageProcessor? processor = null)
    {
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            (processor ?? _processor).ProcessAsync(source, ImageProcessingTests.Request("""{"resize":{"width":100}}""")));
        Assert.InRange(error.Status, 400, 499);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    [Fact]
    public async Task A_truncated_jpeg_is_corrupt()
    {
        var jpeg = Jpeg(Photo(300, 200));
        var error = await RefusedAsync(jpeg[..(jpeg.Length / 2)]);
        Assert.Equal(ImageErrorCodes.CorruptImage, error.Code);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public async Task Zero_bytes_are_not_an_image()
    {
        var error = await RefusedAsync([]);
        Assert.Equal((415, ImageErrorCodes.UnsupportedImageFormat), (error.Status, error.Code));
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public async Task Bytes_with_no_known_magic_are_refused_even_when_named_like_an_image()
    {
        var error = await RefusedAsync(Encoding.UTF8.GetBytes("GIF? no: just a text file pretending to be a .jpg"));
        Assert.Equal(ImageErrorCodes.UnsupportedImageFormat, error.Code);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>")]
    [InlineData("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>")]
    public async Task Svg_without_edits_is_refused(string svg)
    {
        // With edits an SVG is rasterised (SvgSourceTests); as it is, it is never answered.
        var error = await Assert.ThrowsAsync<ImageRequestException>(() => _processor.ProcessAsync(Encoding.UTF8.GetBytes(svg), ImageProcessingTests.Request("{}")));
        Assert.Equal(415, error.Status);
        Assert.Equal(ImageErrorCodes.UnsupportedImageFormat, error.Code);
        Assert.Contains("SVG", error.Message);
    }

    [Fact]
    public async Task A_png_declaring_100000_by_100000_is_refused_before_decoding()
    {
        var bomb = PngDeclaring(100_000, 100_000);
        var header = ImageHeader.Read(bomb);
        Assert.Equal(new ImageHeader(ImageFormat.Png, 100_000, 100_000), header);
        var error = await RefusedAsync(bomb);
        Assert.Equal((413, ImageErrorCodes.TooLargeImage), (error.Status, error.Code));
        Assert.Contains("100000x100000", error.Message);
    }

    [Fact]
    public async Task A_jpeg_declaring_65000_by_65000_is_refused_before_decoding()
    {
        var error = await RefusedAsync(JpegDeclaring(65_000, 65_000));
        Assert.Equal(ImageErrorCodes.TooLargeImage, error.Code);
        Assert.Contains("65000x65000", error.Message);
    }

    [Fact]
    public async Task A_source_over_the_byte_limit_is_refused()
    {
        using var strict = new ImageProcessor(new ImagingOptions { MaxInputBytes = 1000 });
        var error = await RefusedAsync(Jpeg(Photo(200, 200)), strict);
        Assert.Equal((413, ImageErrorCodes.TooLargeImage), (error.Status, error.Code));
        var fromStream = await Assert.ThrowsAsync<ImageRequestException>(() =>
            strict.ProcessAsync(new MemoryStream(new byte[5000]), ImageProcessingTests.Request("{}")));
        Assert.Equal(413, fromStream.Status);
    }

    [Fact]
    public async Task A_format_left_out_of_the_allow_list_is_refused()
    {
        using var jpegOnly = new ImageProcessor(new ImagingOptions { AllowedInputFormats = "jpeg" });
        var error = await RefusedAsync(Png(Photo(20, 20)), jpegOnly);
        Assert.Equal(ImageErrorCodes.UnsupportedImageFormat, error.Code);
        Assert.Contains("png", error.Message);
    }

    [Fact]
    public async Task An_output_over_the_size_limit_is_a_400()
    {
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            _processor.ProcessAsync(Png(Photo(20, 20)), ImageProcessingTests.Request("""{"resize":{"width":9000,"height":100,"fit":"fill"}}""")));
        Assert.Equal((400, ImageErrorCodes.InvalidResize), (error.Status, error.Code));
        Assert.Contains("8192", error.Message);
    }

    [Fact]
    public async Task A_free_rotation_that_would_grow_the_output_past_the_limit_is_a_400()
    {
        using var limited = new ImageProcessor(new ImagingOptions { MaxOutputWidth = 100, MaxOutputHeight = 100 });
        var source = Png(Photo(100, 100));

        var error = await Assert.ThrowsAsync<ImageRequestException>(() => limited.ProcessAsync(source, ImageProcessingTests.Request("""{"rotate":45}""")));
        var preview = await Assert.ThrowsAsync<ImageRequestException>(() => limited.PreviewAsync(source, ImageProcessingTests.Request("""{"rotate":45}"""), 50));

        Assert.Equal((400, ImageErrorCodes.InvalidEdit), (error.Status, error.Code));
        Assert.Contains("100x100", error.Message);
        Assert.Equal(error.Message, preview.Message);
        var turned = await limited.ProcessAsync(source, ImageProcessingTests.Request("""{"rotate":90}"""));
        Assert.Equal((100, 100), (turned.Width, turned.Height));
    }

    [Fact]
    public async Task A_request_past_the_time_limit_fails_with_a_timeout()
    {
        // The deadline is checked from the clock between steps, not left to a timer whose callback can wait for a
        // thread-pool thread (this test used to pass only when other tests had warmed the pool).
        using var hurried = new ImageProcessor(new ImagingOptions { ProcessingTimeoutSeconds = 0.000001 });
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            hurried.ProcessAsync(Jpeg(Photo(800, 600)), ImageProcessingTests.Request("""{"blur":5}""")));
        Assert.Equal((503, ImageErrorCodes.Timeout), (error.Status, error.Code));
    }

    [Fact]
    public async Task A_cancelled_request_is_cancelled_not_timed_out()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _processor.ProcessAsync(Jpeg(Photo(80, 60)), ImageProcessingTests.Request("""{"blur":5}"""), null, cancelled.Token));
    }

    [Fact]
    public async Task Random_garbage_after_a_valid_magic_never_crashes()
    {
        var random = new Random(7);
        foreach (var magic in new[] { new byte[] { 0xFF, 0xD8, 0xFF }, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], "GIF89a"u8.ToArray(), "RIFF\0\0\0\0WEBPVP8 "u8.ToArray() })
        {
            for (var i = 0; i < 20; i++)
            {
                var bytes = magic.Concat(Enumerable.Range(0, random.Next(0, 200)).Select(_ => (byte)random.Next(256))).ToArray();
                await RefusedAsync(bytes);
            }
        }
    }
}
