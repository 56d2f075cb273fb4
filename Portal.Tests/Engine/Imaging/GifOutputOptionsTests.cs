using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Formats;
using SkiaSharp;
using static Portal.Tests.Engine.Imaging.ImageProcessingTests;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// sharp's <c>gif(options)</c> as <c>edits.gif</c>, written by libvips' gifsave and decoded back: the palette caps the colours,
/// dither and the inter-frame options change the output, GIF is the output unless another format is named, and every option
/// out of range or not supported is a 400 naming it.
/// </summary>
public sealed class GifOutputOptionsTests : IDisposable
{
    private readonly ImageProcessor _processor = new(new ImagingOptions());

    public void Dispose() => _processor.Dispose();

    private Task<ProcessedImage> RunAsync(byte[] source, string edits, string extra = "") => _processor.ProcessAsync(source, Request(edits, extra));

    private static int DistinctColours(byte[] gif)
    {
        using var bitmap = SKBitmap.Decode(gif) ?? throw new InvalidOperationException("not decodable");
        return bitmap.Pixels.Select(p => (p.Red, p.Green, p.Blue)).Distinct().Count();
    }

    [Theory]
    [InlineData("colours", 16, 16)]
    [InlineData("colors", 4, 4)]
    [InlineData("colours", 5, 8)] // as sharp: the palette's bit depth is the fewest bits that hold them (3 bits, 8 entries)
    [InlineData("colours", 2, 2)]
    public async Task Colours_cap_the_palette_of_the_gif(string name, int colours, int atMost)
    {
        var source = Jpeg(Photo(96, 64));

        var capped = await RunAsync(source, "{\"gif\":{\"" + name + "\":" + colours + "}}");
        var full = await RunAsync(source, """{"gif":{}}""");

        Assert.Equal((ImageFormat.Gif, "image/gif"), (capped.Format, capped.ContentType));
        Assert.Equal("gifload_buffer", AnimatedGifs.Read(capped.Content).Loader);
        var found = DistinctColours(capped.Content);
        Assert.InRange(found, 2, atMost);
        Assert.True(DistinctColours(full.Content) > 16, $"the default palette has {DistinctColours(full.Content)} colours");
    }

    [Fact]
    public async Task Dither_and_effort_change_the_output()
    {
        var source = Jpeg(Photo(96, 64));

        var dithered = await RunAsync(source, """{"gif":{"colours":8,"dither":1}}""");
        var flat = await RunAsync(source, """{"gif":{"colours":8,"dither":0}}""");
        var quick = await RunAsync(source, """{"gif":{"colours":8,"dither":0,"effort":1}}""");

        Assert.NotEqual(dithered.Content, flat.Content);
        Assert.NotEqual(flat.Content, quick.Content);
        Assert.True(DistinctColours(flat.Content) <= 8);
    }

    [Fact]
    public async Task Inter_frame_and_inter_palette_errors_apply_to_an_animation()
    {
        var source = AnimatedGifs.ThreeFrames(40, 30);

        var result = await RunAsync(source, """{"gif":{"interFrameMaxError":8,"interPaletteMaxError":40,"reuse":false,"progressive":true}}""");

        var decoded = AnimatedGifs.Read(result.Content);
        Assert.Equal(("gifload_buffer", 3), (decoded.Loader, decoded.Frames));
        Assert.Equal(AnimatedGifs.Delays, decoded.Delays);
    }

    [Fact]
    public async Task A_named_gif_output_takes_the_options_and_another_format_is_refused_naming_gif()
    {
        var source = Jpeg(Photo(64, 48));

        var toGif = await RunAsync(source, """{"gif":{"colours":4},"toFormat":"gif"}""");
        var refused = await Assert.ThrowsAsync<ImageRequestException>(() => RunAsync(source, """{"gif":{"colours":4}}""", ",\"outputFormat\":\"png\""));

        Assert.InRange(DistinctColours(toGif.Content), 2, 4);
        Assert.Equal((400, ImageErrorCodes.InvalidEdit), (refused.Status, refused.Code));
        Assert.Contains("'gif'", refused.Message);
        Assert.Contains("png", refused.Message);
    }

    [Theory]
    [InlineData("""{"colours":1}""", "colours")]
    [InlineData("""{"colors":257}""", "colors")]
    [InlineData("""{"effort":0}""", "effort")]
    [InlineData("""{"effort":11}""", "effort")]
    [InlineData("""{"dither":1.5}""", "dither")]
    [InlineData("""{"interFrameMaxError":33}""", "interFrameMaxError")]
    [InlineData("""{"interPaletteMaxError":-1}""", "interPaletteMaxError")]
    [InlineData("""{"loop":2}""", "loop")]
    [InlineData("""{"delay":[100]}""", "delay")]
    [InlineData("""{"progressive":"yes"}""", "progressive")]
    [InlineData("\"fast\"", "object")]
    public void Options_out_of_range_or_unsupported_are_refused_naming_them(string options, string named)
    {
        var error = Assert.Throws<ImageRequestException>(() => Request("{\"gif\":" + options + "}"));

        Assert.Equal((400, ImageErrorCodes.InvalidEdit), (error.Status, error.Code));
        Assert.Contains("'gif'", error.Message);
        Assert.Contains(named, error.Message);
    }
}
