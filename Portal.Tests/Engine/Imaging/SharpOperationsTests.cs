using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Processing;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The sharp operations Serverless Image Handler passes through, on small images with known values: the pixels move as sharp moves them.</summary>
public sealed class SharpOperationsTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    private async Task<SKBitmap> RunAsync(byte[] source, string edits, string extra = "")
    {
        var result = await _processor.ProcessAsync(source, ImageProcessingTests.Request(edits, extra));
        return Decode(result.Content);
    }

    private static byte[] Pixels(int width, int height, Func<int, int, SKColor> colour)
    {
        var alpha = Enumerable.Range(0, width * height).Any(i => colour(i % width, i / width).Alpha < 255);
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, alpha ? SKAlphaType.Unpremul : SKAlphaType.Opaque));
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++) bitmap.SetPixel(x, y, colour(x, y));
        return Png(bitmap);
    }

    private static void AssertNear(SKColor expected, SKColor actual, int tolerance = 2) =>
        Assert.True(Near(actual, expected, tolerance), $"expected {expected}, got {actual}");

    [Fact]
    public async Task Negate_inverts_the_colours_and_by_default_alpha_as_sharp_does()
    {
        using (var opaque = await RunAsync(Png(Flat(4, 4, new SKColor(10, 20, 30))), """{"negate":true}"""))
            AssertNear(new SKColor(245, 235, 225), Pixel(opaque, 1, 1), 0);
        var translucent = Pixels(4, 4, (_, _) => new SKColor(10, 20, 30, 200));
        using (var both = await RunAsync(translucent, """{"negate":true}"""))
            Assert.Equal(55, Pixel(both, 1, 1).Alpha);
        using (var colours = await RunAsync(translucent, """{"negate":{"alpha":false}}"""))
            AssertNear(new SKColor(245, 235, 225, 200), Pixel(colours, 1, 1), 3);
    }

    [Fact]
    public async Task Threshold_makes_grey_at_or_above_the_value_white_and_below_black()
    {
        using var result = await RunAsync(Pixels(2, 1, (x, _) => x == 0 ? new SKColor(127, 127, 127) : new SKColor(128, 128, 128)), """{"threshold":128}""");
        AssertNear(SKColors.Black, Pixel(result, 0, 0), 0);
        AssertNear(SKColors.White, Pixel(result, 1, 0), 0);
    }

    [Fact]
    public async Task Gamma_resizes_in_darkened_values_so_black_and_white_average_brighter()
    {
        var checker = Pixels(2, 1, (x, _) => x == 0 ? SKColors.Black : SKColors.White);
        const string resize = "\"resize\":{\"width\":1,\"height\":1,\"fit\":\"fill\"}";
        using (var plain = await RunAsync(checker, $$"""{{{resize}}}"""))
            Assert.InRange(Pixel(plain, 0, 0).Red, 125, 131);
        using (var gamma = await RunAsync(checker, $$"""{{{resize}},"gamma":2.2}"""))
            Assert.InRange(Pixel(gamma, 0, 0).Red, 183, 189); // 255 * 0.5^(1/2.2) = 186
        using (var flat = await RunAsync(Png(Flat(4, 4, new SKColor(100, 100, 100))), """{"gamma":2.2}"""))
            AssertNear(new SKColor(100, 100, 100), Pixel(flat, 1, 1), 1);
    }

    [Fact]
    public async Task Linear_multiplies_and_recomb_mixes_the_channels()
    {
        using (var linear = await RunAsync(Png(Flat(4, 4, new SKColor(200, 100, 50))), """{"linear":0.5}"""))
            AssertNear(new SKColor(100, 50, 25), Pixel(linear, 1, 1), 1);
        using (var swapped = await RunAsync(Png(Flat(4, 4, new SKColor(10, 20, 30))), """{"recomb":[[0,0,1],[0,1,0],[1,0,0]]}"""))
            AssertNear(new SKColor(30, 20, 10), Pixel(swapped, 1, 1), 1);
        using (var sepia = await RunAsync(Png(Flat(4, 4, new SKColor(100, 100, 100))), """{"recomb":[[0.3588,0.7044,0.1368],[0.299,0.587,0.114],[0.2392,0.4696,0.0912]]}"""))
            AssertNear(new SKColor(120, 100, 80), Pixel(sepia, 1, 1), 1);
    }

    [Fact]
    public async Task Modulate_works_in_lch()
    {
        var red = Png(Flat(4, 4, new SKColor(200, 40, 40)));
        using (var same = await RunAsync(red, """{"modulate":{"brightness":1,"saturation":1,"hue":0}}"""))
            AssertNear(new SKColor(200, 40, 40), Pixel(same, 1, 1), 1);
        using (var grey = await RunAsync(red, """{"modulate":{"saturation":0}}"""))
        {
            var p = Pixel(grey, 1, 1);
            Assert.True(Math.Abs(p.Red - p.Green) <= 1 && Math.Abs(p.Green - p.Blue) <= 1, p.ToString());
        }
        using (var turned = await RunAsync(red, """{"modulate":{"hue":180}}"""))
        {
            var p = Pixel(turned, 1, 1);
            Assert.True(p.Green > p.Red && p.Blue > p.Red, p.ToString());
        }
        using (var half = await RunAsync(Png(Flat(4, 4, SKColors.White)), """{"modulate":{"brightness":0.5}}"""))
            AssertNear(new SKColor(119, 119, 119), Pixel(half, 1, 1), 2); // L* 50
        using (var lighter = await RunAsync(Png(Flat(4, 4, SKColors.Black)), """{"modulate":{"lightness":50}}"""))
            AssertNear(new SKColor(119, 119, 119), Pixel(lighter, 1, 1), 2);
    }

    [Fact]
    public async Task Extend_adds_the_border_in_the_background_colour_or_copies_the_edge()
    {
        using (var framed = await RunAsync(Png(Flat(4, 4, new SKColor(255, 0, 0))), """{"extend":{"top":1,"bottom":2,"left":3,"right":4,"background":"#00ff00"}}"""))
        {
            Assert.Equal((11, 7), (framed.Width, framed.Height));
            AssertNear(new SKColor(0, 255, 0), Pixel(framed, 0, 0), 0);
            AssertNear(new SKColor(255, 0, 0), Pixel(framed, 3, 1), 0);
            AssertNear(new SKColor(255, 0, 0), Pixel(framed, 6, 4), 0);
            AssertNear(new SKColor(0, 255, 0), Pixel(framed, 10, 6), 0);
        }
        using (var black = await RunAsync(Png(Flat(4, 4, SKColors.White)), """{"extend":2}"""))
        {
            Assert.Equal((8, 8), (black.Width, black.Height));
            AssertNear(SKColors.Black, Pixel(black, 0, 7), 0);
        }
        using (var copied = await RunAsync(Png(Quadrants(4, 4)), """{"extend":{"left":2,"extendWith":"copy"}}"""))
            AssertNear(TopLeft, Pixel(copied, 0, 0), 0);
    }

    [Fact]
    public async Task Median_removes_a_salt_pixel_and_convolve_applies_the_kernel()
    {
        var salt = Pixels(5, 5, (x, y) => x == 2 && y == 2 ? SKColors.White : SKColors.Black);
        using (var median = await RunAsync(salt, """{"median":3}"""))
            AssertNear(SKColors.Black, Pixel(median, 2, 2), 0);
        using (var box = await RunAsync(salt, """{"convolve":{"width":3,"height":3,"kernel":[1,1,1,1,1,1,1,1,1]}}"""))
        {
            AssertNear(new SKColor(28, 28, 28), Pixel(box, 2, 2), 1); // 255 / 9
            AssertNear(new SKColor(28, 28, 28), Pixel(box, 1, 1), 1);
            AssertNear(SKColors.Black, Pixel(box, 0, 0), 0);
        }
        using (var identity = await RunAsync(salt, """{"convolve":{"width":3,"height":3,"kernel":[0,0,0,0,1,0,0,0,0]}}"""))
            AssertNear(SKColors.White, Pixel(identity, 2, 2), 0);
    }

    [Fact]
    public async Task Clahe_and_normalise_stretch_a_dull_gradient()
    {
        var dull = Pixels(64, 4, (x, _) => new SKColor((byte)(100 + x / 2), (byte)(100 + x / 2), (byte)(100 + x / 2)));
        using (var clahe = await RunAsync(dull, """{"clahe":{"width":64,"height":4,"maxSlope":0}}"""))
            Assert.True(Pixel(clahe, 1, 1).Red < 40 && Pixel(clahe, 62, 1).Red > 220, $"{Pixel(clahe, 1, 1)} .. {Pixel(clahe, 62, 1)}");
        using (var wide = await RunAsync(dull, """{"normalise":{"lower":0,"upper":100}}"""))
        {
            AssertNear(SKColors.Black, Pixel(wide, 0, 0), 0);
            AssertNear(SKColors.White, Pixel(wide, 63, 0), 0);
        }
    }

    [Fact]
    public async Task Trim_removes_a_uniform_border()
    {
        var framed = Pixels(10, 10, (x, y) => x is >= 3 and < 7 && y is >= 2 and < 5 ? new SKColor(200, 0, 0) : SKColors.White);
        using var trimmed = await RunAsync(framed, """{"trim":10}""");
        Assert.Equal((4, 3), (trimmed.Width, trimmed.Height));
        AssertNear(new SKColor(200, 0, 0), Pixel(trimmed, 0, 0), 0);
        using var resized = await RunAsync(framed, """{"trim":true,"resize":{"width":8}}""");
        Assert.Equal((8, 6), (resized.Width, resized.Height));
    }

    [Fact]
    public async Task Affine_maps_the_image_into_its_bounding_box()
    {
        using (var mirrored = await RunAsync(Png(Quadrants(40, 20)), """{"affine":[[-1,0],[0,1]]}"""))
        {
            Assert.Equal((40, 20), (mirrored.Width, mirrored.Height));
            AssertNear(TopRight, Pixel(mirrored, 2, 2), 8);
        }
        using var stretched = await RunAsync(Png(Quadrants(40, 20)), """{"affine":[2,0,0,1]}""");
        Assert.Equal((80, 20), (stretched.Width, stretched.Height));
        AssertNear(TopLeft, Pixel(stretched, 30, 3), 8);
    }

    [Fact]
    public async Task Channel_operations_remove_add_and_extract_channels()
    {
        var translucent = Pixels(4, 4, (_, _) => new SKColor(100, 150, 200, 128));
        using (var removed = await RunAsync(translucent, """{"removeAlpha":true}"""))
            AssertNear(new SKColor(100, 150, 200, 255), Pixel(removed, 1, 1), 2);
        using (var added = await RunAsync(Png(Flat(4, 4, new SKColor(10, 20, 30))), """{"ensureAlpha":0.5}""", ""","outputFormat":"png" """))
            Assert.InRange(Pixel(added, 1, 1).Alpha, 127, 128);
        using (var green = await RunAsync(Png(Flat(4, 4, new SKColor(10, 20, 30))), """{"extractChannel":"green"}"""))
            AssertNear(new SKColor(20, 20, 20), Pixel(green, 1, 1), 0);
        using (var bw = await RunAsync(Png(Flat(4, 4, new SKColor(200, 40, 40))), """{"toColourspace":"b-w"}"""))
        {
            var p = Pixel(bw, 1, 1);
            Assert.True(p.Red == p.Green && p.Green == p.Blue && p.Red is > 60 and < 90, p.ToString()); // 0.2126*200 + 0.7152*40 + 0.0722*40
        }
        var error = await Assert.ThrowsAsync<ImageRequestException>(() =>
            _processor.ProcessAsync(Png(Flat(4, 4, new SKColor(10, 20, 30))), ImageProcessingTests.Request("""{"extractChannel":"alpha"}""")));
        Assert.Equal((400, ImageErrorCodes.InvalidEdit), (error.Status, error.Code));
    }

    [Theory]
    [InlineData("left", "TopLeft")]
    [InlineData("right", "TopRight")]
    [InlineData("west", "TopLeft")]
    [InlineData("centre", "TopLeft")]
    public async Task A_cover_crop_sits_at_the_position(string position, string corner)
    {
        using var result = await RunAsync(Png(Quadrants(80, 40)), $$$"""{"resize":{"width":20,"height":40,"position":"{{{position}}}"}}""");
        Assert.Equal((20, 40), (result.Width, result.Height));
        AssertNear(corner switch { "TopLeft" => TopLeft, _ => TopRight }, Pixel(result, 2, 2), 12);
    }

    [Fact]
    public async Task A_contain_embed_sits_at_the_position()
    {
        using var top = await RunAsync(Png(Quadrants(80, 40)), """{"resize":{"width":40,"height":40,"fit":"contain","background":"#ffffff","position":"top"}}""");
        AssertNear(TopLeft, Pixel(top, 2, 2), 12);
        AssertNear(SKColors.White, Pixel(top, 20, 35), 2);
    }

    [Fact]
    public async Task Entropy_and_attention_keep_the_busy_part()
    {
        var random = new Random(7);
        var noise = Enumerable.Range(0, 100 * 50).Select(_ => (byte)random.Next(256)).ToArray();
        // left half flat grey, right half noisy and saturated
        var source = Pixels(100, 50, (x, y) => x < 50 ? new SKColor(128, 128, 128) : new SKColor(noise[y * 100 + x], 0, (byte)(255 - noise[y * 100 + x])));
        foreach (var strategy in new[] { "entropy", "attention" })
        {
            using var result = await RunAsync(source, $$$"""{"resize":{"width":50,"height":50,"position":"{{{strategy}}}"}}""");
            Assert.Equal((50, 50), (result.Width, result.Height));
            var flat = Enumerable.Range(0, 50).Count(x => Pixel(result, x, 25) == new SKColor(128, 128, 128));
            Assert.True(flat < 10, $"{strategy} kept {flat} of 50 flat pixels");
        }
    }
}
