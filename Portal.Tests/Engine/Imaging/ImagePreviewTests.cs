using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Requests;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The editor's live preview: drawn inside the cap, reporting the size of the real (full) output.</summary>
public sealed class ImagePreviewTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());
    private readonly Overlays _overlays = new() { ["logo.png"] = Png(Flat(30, 20, SKColors.Blue)) };

    public void Dispose() => _processor.Dispose();

    private static ImageRequest Request(string edits, string extra = "") => ImageProcessingTests.Request(edits, extra);

    [Fact]
    public async Task A_large_photos_preview_is_capped_while_the_reported_output_is_the_full_size()
    {
        var source = Jpeg(Photo(3000, 2000));
        var request = Request("{}", ""","outputFormat":"jpeg" """);

        var preview = await _processor.PreviewAsync(source, request, PreviewCap.DefaultMaxSide);
        var output = await _processor.ProcessAsync(source, request);

        Assert.Equal((1200, 800), (preview.Image.Width, preview.Image.Height));
        using (var pixels = Decode(preview.Image.Content)) Assert.Equal((1200, 800), (pixels.Width, pixels.Height));
        Assert.Equal((3000, 2000), (output.Width, output.Height));
        Assert.Equal((output.Width, output.Height), (preview.OutputWidth, preview.OutputHeight));
        Assert.True(preview.IsScaledDown);
        Assert.Null(preview.OutputBytes);
        Assert.True(preview.Image.Content.Length < output.Content.Length / 3, $"{preview.Image.Content.Length} vs {output.Content.Length} bytes");
    }

    [Theory]
    [InlineData("""{"toFormat":"png"}""")]
    [InlineData("""{"resize":{"width":200,"height":100}}""")]
    [InlineData("""{"resize":{"width":100,"height":100,"fit":"contain","background":"#ff0000"}}""")]
    [InlineData("""{"resize":{"width":90,"fit":"inside"}}""")]
    [InlineData("""{"resize":{"width":150,"height":150,"fit":"outside"}}""")]
    [InlineData("""{"resize":{"width":200,"height":100,"fit":"fill"}}""")]
    [InlineData("""{"resize":{"width":1000,"height":1000,"fit":"inside","withoutEnlargement":true}}""")]
    [InlineData("""{"extract":{"left":10,"top":20,"width":140,"height":90}}""")]
    [InlineData("""{"extract":{"left":10,"top":20,"width":140,"height":90},"resize":{"width":120}}""")]
    [InlineData("""{"resize":{"width":200},"extract":{"left":5,"top":5,"width":150,"height":60}}""")]
    [InlineData("""{"rotate":90,"flip":true}""")]
    [InlineData("""{"rotate":30}""")]
    [InlineData("""{"flop":true,"grayscale":true,"blur":4,"sharpen":2}""")]
    [InlineData("""{"roundCrop":true}""")]
    [InlineData("""{"roundCrop":{"rx":60,"ry":30,"top":50,"left":100}}""")]
    [InlineData("""{"normalise":true,"tint":"#ff8800","flatten":{"background":"#ffffff"}}""")]
    [InlineData("""{"overlayWith":{"key":"logo.png","options":{"left":"-10","top":"10"}}}""")]
    public async Task The_reported_output_size_is_the_full_outputs_and_the_preview_looks_like_it_shrunk(string edits)
    {
        const int cap = 60;
        foreach (var source in new[] { Jpeg(Photo(240, 160)), WithExifOrientation(Jpeg(Photo(240, 160)), 6) })
        {
            var request = Request(edits);
            var output = await _processor.ProcessAsync(source, request, _overlays);
            var preview = await _processor.PreviewAsync(source, request, cap, _overlays);

            Assert.Equal((output.Width, output.Height), (preview.OutputWidth, preview.OutputHeight));
            var (width, height) = (preview.Image.Width, preview.Image.Height);
            Assert.True(width <= cap && height <= cap && Math.Max(width, height) >= cap - 1, $"preview {width}x{height}");
            // The same shape as the output, to a pixel of rounding.
            Assert.True(Math.Abs((long)width * output.Height - (long)height * output.Width) <= Math.Max(output.Width, output.Height),
                $"preview {width}x{height}, output {output.Width}x{output.Height}");

            using var drawn = Decode(preview.Image.Content);
            var shrink = Request($$$"""{"resize":{"width":{{{width}}},"height":{{{height}}},"fit":"fill"}}""", ""","outputFormat":"png" """);
            using var shrunk = Decode((await _processor.ProcessAsync(output.Content, shrink)).Content);
            var psnr = Psnr(drawn, shrunk);
            // Right previews measure 25-50 dB here; a mirrored or misplaced one under 19.
            Assert.True(psnr > 22, $"{edits}: the preview differs from the output shrunk ({psnr:0.0} dB)");
        }
    }

    [Fact]
    public async Task An_output_inside_the_cap_is_its_own_preview_with_its_exact_length()
    {
        var source = Jpeg(Photo(240, 160));
        var request = Request("""{"grayscale":true,"resize":{"width":200}}""");

        var preview = await _processor.PreviewAsync(source, request, PreviewCap.DefaultMaxSide);
        var output = await _processor.ProcessAsync(source, request);

        Assert.False(preview.IsScaledDown);
        Assert.Equal(output.Content, preview.Image.Content);
        Assert.Equal(output.Content.LongLength, preview.OutputBytes);
        Assert.Equal((200, 133), (preview.OutputWidth, preview.OutputHeight));
    }

    [Fact]
    public async Task An_unedited_original_is_answered_as_it_is_unless_it_is_larger_than_the_cap()
    {
        var source = Png(Photo(300, 200));
        var request = Request("{}");

        var small = await _processor.PreviewAsync(source, request, 300);
        Assert.True(small.Image.IsOriginal);
        Assert.Equal(source, small.Image.Content);
        Assert.Equal(source.LongLength, small.OutputBytes);

        var capped = await _processor.PreviewAsync(source, request, 100);
        Assert.False(capped.Image.IsOriginal);
        Assert.Equal((100, 67, "image/png"), (capped.Image.Width, capped.Image.Height, capped.Image.ContentType));
        Assert.Equal((300, 200), (capped.OutputWidth, capped.OutputHeight));
        Assert.Null(capped.OutputBytes);
    }

    [Fact]
    public async Task An_unedited_exif_rotated_original_larger_than_the_cap_reports_its_upright_size()
    {
        var source = WithExifOrientation(Jpeg(Photo(400, 200)), 6); // stored 400x200, shown 200x400

        var preview = await _processor.PreviewAsync(source, Request("{}"), 100);

        Assert.Equal((50, 100), (preview.Image.Width, preview.Image.Height));
        Assert.Equal((200, 400), (preview.OutputWidth, preview.OutputHeight));
    }

    [Theory]
    [InlineData("""{"extract":{"left":200,"top":0,"width":100,"height":10}}""")]
    [InlineData("""{"resize":{"width":100},"extract":{"left":0,"top":0,"width":101,"height":10}}""")]
    public async Task A_crop_outside_the_image_fails_the_preview_as_it_fails_the_output(string edits)
    {
        var source = Jpeg(Photo(240, 160));
        var output = await Assert.ThrowsAsync<ImageRequestException>(() => _processor.ProcessAsync(source, Request(edits)));
        var preview = await Assert.ThrowsAsync<ImageRequestException>(() => _processor.PreviewAsync(source, Request(edits), 50));
        Assert.Equal((output.Status, output.Code, output.Message), (preview.Status, preview.Code, preview.Message));
        Assert.Equal(ImageErrorCodes.CropOutOfBounds, preview.Code);
    }

    private sealed class Overlays : Dictionary<string, byte[]>, IImageOverlaySource
    {
        public Task<byte[]?> LoadAsync(string key, CancellationToken cancellationToken) => Task.FromResult(TryGetValue(key, out var v) ? v : null);
    }
}
