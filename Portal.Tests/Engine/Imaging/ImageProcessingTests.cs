using System.Text;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Processing;
using Portal.Engine.Imaging.Requests;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>Edits applied to real pixels: sizes, positions, colours, orientation, formats and metadata.</summary>
public sealed class ImageProcessingTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    internal static ImageRequest Request(string edits, string extra = "") =>
        ImageRequestParser.Parse(Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"key":"a.jpg","edits":{{edits}}{{extra}}}""")), null, false);

    private async Task<(ProcessedImage Result, SKBitmap Pixels)> RunAsync(byte[] source, string edits, string extra = "")
    {
        var result = await _processor.ProcessAsync(source, Request(edits, extra));
        var pixels = Decode(result.Content);
        Assert.Equal((result.Width, result.Height), (pixels.Width, pixels.Height));
        return (result, pixels);
    }

    [Fact]
    public async Task Resize_to_a_width_keeps_the_aspect_ratio()
    {
        var (result, pixels) = await RunAsync(Jpeg(Photo(640, 480)), """{"resize":{"width":200}}""");
        Assert.Equal((200, 150), (result.Width, result.Height));
        Assert.Equal(ImageFormat.Jpeg, result.Format);
        Assert.Equal("image/jpeg", result.ContentType);
        using (pixels) { }
    }

    [Theory]
    [InlineData("cover", 100, 100)]
    [InlineData("contain", 100, 100)]
    [InlineData("fill", 100, 100)]
    [InlineData("inside", 100, 50)]
    [InlineData("outside", 200, 100)]
    public async Task Each_fit_gives_sharps_sizes(string fit, int width, int height)
    {
        var (result, pixels) = await RunAsync(Png(Quadrants(400, 200)), $$$"""{"resize":{"width":100,"height":100,"fit":"{{{fit}}}"}}""");
        using (pixels)
            Assert.Equal((width, height), (result.Width, result.Height));
    }

    [Fact]
    public async Task Cover_keeps_the_centre_and_contain_pads_with_the_background()
    {
        var (_, cover) = await RunAsync(Png(Quadrants(400, 200)), """{"resize":{"width":100,"height":100,"fit":"cover"}}""");
        using (cover)
        {
            // The centre square of a 2:1 image: left half red/blue, right half green/yellow.
            Assert.True(Near(Pixel(cover, 10, 10), TopLeft), Pixel(cover, 10, 10).ToString());
            Assert.True(Near(Pixel(cover, 90, 90), BottomRight));
        }
        var (_, contain) = await RunAsync(Png(Quadrants(400, 200)), """{"resize":{"width":100,"height":100,"fit":"contain","background":"#ffffff"}}""");
        using (contain)
        {
            Assert.True(Near(Pixel(contain, 50, 5), SKColors.White), "bands above and below are the background");
            Assert.True(Near(Pixel(contain, 10, 30), TopLeft));
            Assert.True(Near(Pixel(contain, 90, 70), BottomRight));
        }
    }

    [Fact]
    public async Task Without_enlargement_a_small_image_keeps_its_size()
    {
        var (result, pixels) = await RunAsync(Png(Photo(50, 40)), """{"resize":{"width":500,"withoutEnlargement":true}}""");
        using (pixels) Assert.Equal((50, 40), (result.Width, result.Height));
        var (enlarged, more) = await RunAsync(Png(Photo(50, 40)), """{"resize":{"width":500}}""");
        using (more) Assert.Equal((500, 400), (enlarged.Width, enlarged.Height));
    }

    [Fact]
    public async Task Extract_takes_the_region_and_an_extract_after_resize_crops_the_result()
    {
        var (before, a) = await RunAsync(Png(Quadrants(200, 200)), """{"extract":{"left":100,"top":0,"width":100,"height":100},"resize":{"width":20}}""");
        using (a)
        {
            Assert.Equal((20, 20), (before.Width, before.Height));
            Assert.True(Near(Pixel(a, 10, 10), TopRight));
        }
        var (after, b) = await RunAsync(Png(Quadrants(200, 200)), """{"resize":{"width":20},"extract":{"left":0,"top":10,"width":10,"height":10}}""");
        using (b)
        {
            Assert.Equal((10, 10), (after.Width, after.Height));
            Assert.True(Near(Pixel(b, 5, 5), BottomLeft));
        }
    }

    [Fact]
    public async Task A_crop_outside_the_image_is_a_400()
    {
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            _processor.ProcessAsync(Png(Photo(100, 100)), Request("""{"extract":{"left":50,"top":50,"width":51,"height":10}}""")));
        Assert.Equal((400, ImageErrorCodes.CropOutOfBounds), (error.Status, error.Code));
    }

    [Theory]
    [InlineData("""{"rotate":90}""", "BottomLeft", "TopLeft")]
    [InlineData("""{"rotate":180}""", "BottomRight", "BottomLeft")]
    [InlineData("""{"rotate":270}""", "TopRight", "BottomRight")]
    [InlineData("""{"flip":true}""", "BottomLeft", "BottomRight")]
    [InlineData("""{"flop":true}""", "TopRight", "TopLeft")]
    public async Task Right_angle_turns_and_mirrors_move_the_corners(string edits, string newTopLeft, string newTopRight)
    {
        var (result, pixels) = await RunAsync(Png(Quadrants(80, 40)), edits);
        using (pixels)
        {
            var expectedSize = edits.Contains("90") || edits.Contains("270") ? (40, 80) : (80, 40);
            Assert.Equal(expectedSize, (result.Width, result.Height));
            Assert.True(Near(Pixel(pixels, 2, 2), Corner(newTopLeft)), $"top-left is {Pixel(pixels, 2, 2)}");
            Assert.True(Near(Pixel(pixels, pixels.Width - 3, 2), Corner(newTopRight)), $"top-right is {Pixel(pixels, pixels.Width - 3, 2)}");
        }
    }

    [Fact]
    public async Task Other_angles_grow_the_canvas()
    {
        var (result, pixels) = await RunAsync(Png(Photo(100, 100)), """{"rotate":45}""");
        using (pixels) Assert.InRange(result.Width, 140, 143);
    }

    [Theory]
    [InlineData(1, "TopLeft")]
    [InlineData(2, "TopRight")]
    [InlineData(3, "BottomRight")]
    [InlineData(4, "BottomLeft")]
    [InlineData(5, "TopLeft")]
    [InlineData(6, "BottomLeft")]
    [InlineData(7, "BottomRight")]
    [InlineData(8, "TopRight")]
    public async Task Exif_orientation_is_applied_and_the_exif_is_stripped(ushort orientation, string uprightTopLeft)
    {
        var source = WithExifOrientation(Jpeg(Quadrants(80, 40)), orientation);
        var result = await _processor.ProcessAsync(source, Request("""{"resize":{"width":20}}""", ""","outputFormat":"jpeg" """));
        using var pixels = Decode(result.Content);
        var transposed = orientation >= 5;
        Assert.Equal(transposed ? (20, 40) : (20, 10), (result.Width, result.Height));
        Assert.True(Near(Pixel(pixels, 1, 1), Corner(uprightTopLeft), 40), $"top-left is {Pixel(pixels, 1, 1)}");
        Assert.DoesNotContain("Exif", Encoding.ASCII.GetString(result.Content));
    }

    [Fact]
    public async Task Grayscale_tint_negate_and_flatten_change_the_colours()
    {
        var red = Png(Flat(10, 10, new SKColor(200, 40, 40)));
        using (var gray = (await RunAsync(red, """{"grayscale":true}""")).Pixels)
        {
            var p = Pixel(gray, 5, 5);
            Assert.True(p.Red == p.Green && p.Green == p.Blue, p.ToString());
        }
        using (var negated = (await RunAsync(red, """{"negate":true}""")).Pixels)
            Assert.True(Near(Pixel(negated, 5, 5), new SKColor(55, 215, 215), 2));
        using (var tinted = (await RunAsync(Png(Flat(10, 10, new SKColor(128, 128, 128))), """{"tint":{"r":0,"g":0,"b":255}}""")).Pixels)
        {
            var p = Pixel(tinted, 5, 5);
            Assert.True(p.Blue > 200 && p.Red < 10 && p.Green < 10, p.ToString());
        }
        var transparent = Png(Flat(10, 10, new SKColor(0, 0, 0, 0)));
        using (var flattened = (await RunAsync(transparent, """{"flatten":{"background":"#00ff00"}}""")).Pixels)
            Assert.True(Near(Pixel(flattened, 5, 5), new SKColor(0, 255, 0), 2));
    }

    [Fact]
    public async Task Normalize_stretches_the_contrast()
    {
        var dull = new SKBitmap(new SKImageInfo(64, 1, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var x = 0; x < 64; x++) dull.SetPixel(x, 0, new SKColor((byte)(100 + x / 2), (byte)(100 + x / 2), (byte)(100 + x / 2)));
        using var pixels = (await RunAsync(Png(dull), """{"normalize":true}""")).Pixels;
        Assert.True(Pixel(pixels, 1, 0).Red < 20 && Pixel(pixels, 62, 0).Red > 235, $"{Pixel(pixels, 1, 0)} .. {Pixel(pixels, 62, 0)}");
    }

    [Fact]
    public async Task Blur_softens_and_sharpen_hardens_an_edge()
    {
        var edge = Png(Quadrants(40, 40));
        using var plain = (await RunAsync(edge, """{"flip":false}""", ""","outputFormat":"png" """)).Pixels;
        using var blurred = (await RunAsync(edge, """{"blur":3}""")).Pixels;
        using var sharpened = (await RunAsync(Png(Photo(40, 40)), """{"sharpen":2}""")).Pixels;
        Assert.True(Near(Pixel(plain, 19, 5), TopLeft, 2));
        Assert.False(Near(Pixel(blurred, 19, 5), TopLeft, 30), "pixels next to the edge mix");
        Assert.True(Near(Pixel(blurred, 3, 3), TopLeft, 40));
        Assert.True(Psnr(sharpened, Decode(Png(Photo(40, 40)))) < 45, "sharpening changes the photo");
    }

    [Fact]
    public async Task Round_crop_makes_the_corners_transparent()
    {
        var (result, pixels) = await RunAsync(Png(Flat(100, 60, SKColors.Red)), """{"roundCrop":true}""", ""","outputFormat":"png" """);
        using (pixels)
        {
            Assert.Equal((60, 60), (result.Width, result.Height));
            Assert.Equal(0, Pixel(pixels, 1, 1).Alpha);
            Assert.Equal(255, Pixel(pixels, 30, 30).Alpha);
        }
    }

    [Fact]
    public async Task An_overlay_from_the_customers_space_is_drawn_where_asked()
    {
        var overlays = new Overlays { ["logo.png"] = Png(Flat(10, 10, SKColors.Blue)) };
        var request = Request("""{"overlayWith":{"key":"logo.png","options":{"left":"-5","top":"5"}}}""", ""","outputFormat":"png" """);
        var result = await _processor.ProcessAsync(Png(Flat(100, 50, SKColors.White)), request, overlays);
        using var pixels = Decode(result.Content);
        Assert.True(Near(Pixel(pixels, 90, 10), SKColors.Blue, 2), Pixel(pixels, 90, 10).ToString());
        Assert.True(Near(Pixel(pixels, 50, 25), SKColors.White, 2));

        var faded = Request("""{"overlayWith":{"key":"logo.png","alpha":50,"wRatio":50,"hRatio":50}}""", ""","outputFormat":"png" """);
        using var fadedPixels = Decode((await _processor.ProcessAsync(Png(Flat(100, 50, SKColors.White)), faded, overlays)).Content);
        Assert.True(Near(Pixel(fadedPixels, 50, 25), new SKColor(127, 127, 255), 3), Pixel(fadedPixels, 50, 25).ToString());

        var missing = await Assert.ThrowsAsync<ImageRequestException>(() => _processor.ProcessAsync(Png(Flat(10, 10, SKColors.White)),
            Request("""{"overlayWith":{"key":"nope.png"}}"""), overlays));
        Assert.Equal(ImageErrorCodes.NoSuchKey, missing.Code);
    }

    [Theory]
    [InlineData("jpeg", new byte[] { 0xFF, 0xD8, 0xFF })]
    [InlineData("png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' })]
    [InlineData("webp", new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F' })]
    public async Task Output_formats_are_written(string format, byte[] magic)
    {
        var result = await _processor.ProcessAsync(Png(Photo(64, 64)), Request($$"""{"toFormat":"{{format}}"}"""));
        Assert.Equal(magic, result.Content[..magic.Length]);
        Assert.Equal($"image/{format}", result.ContentType);
    }

    [Fact]
    public async Task Quality_changes_the_size_of_lossy_output()
    {
        var source = Png(Photo(200, 200));
        var low = await _processor.ProcessAsync(source, Request("""{"toFormat":"jpeg","jpeg":{"quality":20}}"""));
        var high = await _processor.ProcessAsync(source, Request("""{"toFormat":"jpeg","jpeg":{"quality":95}}"""));
        Assert.True(low.Content.Length < high.Content.Length);
    }

    [Fact]
    public async Task No_edits_and_no_format_answers_the_original_bytes()
    {
        var source = WithExifOrientation(Jpeg(Photo(30, 20)), 6);
        var result = await _processor.ProcessAsync(source, Request("{}"));
        Assert.True(result.IsOriginal);
        Assert.Equal(source, result.Content);
        Assert.Equal("image/jpeg", result.ContentType);
    }

    [Fact]
    public async Task A_gif_source_is_read_and_written_as_gif()
    {
        var result = await _processor.ProcessAsync(Gif(), Request("""{"resize":{"width":4}}"""));
        Assert.Equal((ImageFormat.Gif, "image/gif"), (result.Format, result.ContentType));
        using var pixels = Decode(result.Content);
        Assert.True(Near(Pixel(pixels, 2, 2), SKColors.White, 2));
    }

    [Fact]
    public async Task Shrink_on_load_keeps_the_quality_of_a_full_size_decode()
    {
        // A 2000x1500 JPEG resized to 250 wide is decoded at 1/4 scale; compare with resizing a PNG of the same pixels.
        using var photo = Photo(2000, 1500);
        var jpeg = Jpeg(photo.Copy(), 98);
        using var fullDecode = Decode(jpeg);
        var lossless = Png(fullDecode.Copy());
        using var fast = Decode((await _processor.ProcessAsync(jpeg, Request("""{"resize":{"width":250}}""", ""","outputFormat":"png" """))).Content);
        using var slow = Decode((await _processor.ProcessAsync(lossless, Request("""{"resize":{"width":250}}""", ""","outputFormat":"png" """))).Content);
        Assert.Equal((250, 188), (fast.Width, fast.Height));
        Assert.True(Psnr(fast, slow) > 35, $"PSNR {Psnr(fast, slow):0.0} dB");
    }

    [Fact]
    public async Task A_stream_source_gives_the_same_result()
    {
        var source = Png(Photo(64, 48));
        var fromBytes = await _processor.ProcessAsync(source, Request("""{"resize":{"width":32}}"""));
        var fromStream = await _processor.ProcessAsync(new MemoryStream(source), Request("""{"resize":{"width":32}}"""));
        Assert.Equal(fromBytes.Content, fromStream.Content);
    }

    private static SKColor Corner(string name) => name switch
    {
        "TopLeft" => TopLeft,
        "TopRight" => TopRight,
        "BottomLeft" => BottomLeft,
        _ => BottomRight,
    };

    private sealed class Overlays : Dictionary<string, byte[]>, IImageOverlaySource
    {
        public Task<byte[]?> LoadAsync(string key, CancellationToken cancellationToken) => Task.FromResult(TryGetValue(key, out var v) ? v : null);
    }
}
