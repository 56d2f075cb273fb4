using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Processing;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// Crop, resize, rotate, flip and flop together, in the coordinates and order of sharp 0.32 (Serverless Image Handler's):
/// mirrors before turns; an extract or resize given before a rotate works on the unturned image; a rotate given first turns first.
/// The source is four quadrants: red, green / blue, yellow.
/// </summary>
public sealed class SharpEditOrderTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    private async Task<SKBitmap> RunAsync(string edits, int width = 80, int height = 40) =>
        Decode((await _processor.ProcessAsync(Png(Quadrants(width, height)), ImageProcessingTests.Request(edits))).Content);

    private static void AssertCorner(SKColor expected, SKBitmap image, int x, int y) =>
        Assert.True(Near(Pixel(image, x, y), expected), $"({x},{y}) is {Pixel(image, x, y)}, expected {expected}");

    [Theory]
    [InlineData("""{"flip":true,"rotate":90}""")]
    [InlineData("""{"rotate":90,"flip":true}""")]
    public async Task Flip_happens_before_the_rotation_whatever_the_order_given(string edits)
    {
        using var result = await RunAsync(edits);
        Assert.Equal((40, 80), (result.Width, result.Height));
        // flipped: blue yellow / red green; turned clockwise: red blue / green yellow
        AssertCorner(TopLeft, result, 2, 2);
        AssertCorner(BottomLeft, result, 37, 2);
        AssertCorner(BottomRight, result, 37, 77);
    }

    [Fact]
    public async Task An_extract_before_a_rotate_takes_the_region_of_the_unturned_image()
    {
        using var first = await RunAsync("""{"extract":{"left":0,"top":0,"width":40,"height":20},"rotate":90}""");
        Assert.Equal((20, 40), (first.Width, first.Height));
        AssertCorner(TopLeft, first, 10, 20);
        using var turned = await RunAsync("""{"rotate":90,"extract":{"left":0,"top":0,"width":40,"height":20}}""");
        Assert.Equal((40, 20), (turned.Width, turned.Height));
        AssertCorner(BottomLeft, turned, 5, 10);
        AssertCorner(TopLeft, turned, 35, 10);
    }

    [Fact]
    public async Task A_resize_before_a_rotate_sizes_the_unturned_image()
    {
        // sharp's documentation example: rotate then resize gives 16x8, resize then rotate 8x16
        using (var rotateThenResize = await RunAsync("""{"rotate":90,"resize":{"width":16,"height":8,"fit":"fill"}}"""))
            Assert.Equal((16, 8), (rotateThenResize.Width, rotateThenResize.Height));
        using (var resizeThenRotate = await RunAsync("""{"resize":{"width":16,"height":8,"fit":"fill"},"rotate":90}"""))
            Assert.Equal((8, 16), (resizeThenRotate.Width, resizeThenRotate.Height));
        // cover 40x20 of an 80x40 image, turned, then cropped to 40 wide x 20 high as sharp does: 20x20
        using var cover = await RunAsync("""{"resize":{"width":40,"height":20},"rotate":90}""");
        Assert.Equal((20, 20), (cover.Width, cover.Height));
    }

    [Fact]
    public async Task A_crop_after_a_resize_crops_the_resized_image_as_sihs_crop_is_sharps_extract()
    {
        using var result = await RunAsync("""{"resize":{"width":40},"crop":{"left":20,"top":10,"width":20,"height":10}}""");
        Assert.Equal((20, 10), (result.Width, result.Height));
        AssertCorner(BottomRight, result, 10, 5);
    }

    [Fact]
    public async Task A_free_rotation_given_first_turns_before_the_resize()
    {
        using (var first = await RunAsync("""{"rotate":45,"resize":{"width":50}}""", 100, 100))
            Assert.Equal((50, 50), (first.Width, first.Height));
        using (var after = await RunAsync("""{"resize":{"width":50},"rotate":45}""", 100, 100))
            Assert.InRange(after.Width, 70, 72);
    }

    [Fact]
    public void The_parser_records_sharps_rotate_before_flag()
    {
        static ImageEdits Edits(string json) => ImageProcessingTests.Request(json).Edits;
        Assert.True(Edits("""{"rotate":90,"resize":{"width":10}}""").RotateFirst);
        Assert.True(Edits("""{"rotate":90,"extract":{"left":0,"top":0,"width":5,"height":5}}""").RotateFirst);
        Assert.False(Edits("""{"resize":{"width":10},"rotate":90}""").RotateFirst);
        Assert.False(Edits("""{"flip":true,"resize":{"width":10}}""").RotateFirst); // flip and flop are not rotations to sharp
        Assert.False(Edits("""{"rotate":360,"resize":{"width":10}}""").RotateFirst);
        Assert.True(Edits("""{"resize":{"width":10},"crop":{"left":0,"top":0,"width":5,"height":5}}""").ExtractAfterResize);
    }
}
