using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;
using static Portal.Tests.Engine.Imaging.TestImages;

namespace Portal.Tests.Engine.Imaging.Budget;

/// <summary>
/// The cost estimate follows what the pipeline will do: it grows with the pixels worked on and the size of each edit, a JPEG
/// thumbnail counts the reduced decode, and it is made from the header, before any pixel is decoded.
/// </summary>
public sealed class ImageCostEstimateTests
{
    private static readonly ImagingOptions Defaults = new();
    private static readonly byte[] LargeJpeg = Jpeg(Photo(2048, 1536), 80);

    private static ImageCost Cost(byte[] source, string edits, string extra = "", int? previewSide = null) =>
        ImageCostEstimate.For(source, source.Length, ImageProcessingTests.Request(edits, extra), Defaults, previewSide: previewSide);

    [Fact]
    public void A_thumbnail_of_a_large_jpeg_costs_a_fraction_of_decoding_it_whole()
    {
        var thumbnail = Cost(LargeJpeg, """{"resize":{"width":200}}""");
        var whole = Cost(LargeJpeg, """{"grayscale":true}""");

        Assert.Equal(256L * 192, thumbnail.DecodedPixels); // decoded at 1/8 scale
        Assert.Equal(2048L * 1536, whole.DecodedPixels);
        Assert.Equal(200L * 150, thumbnail.OutputPixels);
        Assert.True(thumbnail.Units * 20 < whole.Units, $"{thumbnail.Units} vs {whole.Units}");
    }

    [Fact]
    public void A_blur_costs_many_times_the_plain_conversion_more_for_a_larger_sigma_and_is_named_as_the_heaviest_step()
    {
        var plain = Cost(LargeJpeg, "{}", ""","outputFormat":"jpeg" """);
        var light = Cost(LargeJpeg, """{"blur":1}""");
        var heavy = Cost(LargeJpeg, """{"blur":300}""");

        Assert.True(light.Units > plain.Units * 5, $"{plain.Units} vs {light.Units}");
        Assert.True(heavy.Units > light.Units, $"{light.Units} vs {heavy.Units}");
        Assert.Equal("blur 300", heavy.Heaviest);
        // The same blur on a thumbnail works on its pixels only.
        Assert.True(Cost(LargeJpeg, """{"resize":{"width":200},"blur":300}""").Units * 50 < heavy.Units);
    }

    [Fact]
    public void A_png_or_webp_output_costs_more_than_a_jpeg_one()
    {
        var jpeg = Cost(LargeJpeg, "{}", ""","outputFormat":"jpeg" """);
        var webp = Cost(LargeJpeg, "{}", ""","outputFormat":"webp" """);
        var png = Cost(LargeJpeg, "{}", ""","outputFormat":"png" """);

        Assert.True(jpeg.Units < webp.Units && webp.Units < png.Units, $"{jpeg.Units} {webp.Units} {png.Units}");
        Assert.Equal("encoding png", png.Heaviest);
    }

    private static string Convolve(int side) =>
        $$$"""{"convolve":{"width":{{{side}}},"height":{{{side}}},"kernel":[{{{string.Join(',', Enumerable.Repeat(1, side * side))}}}]}}""";

    public static TheoryData<string, string> Windows() => new()
    {
        { """{"median":3}""", """{"median":51}""" },
        { Convolve(3), Convolve(9) },
        { """{"clahe":{"width":3,"height":3}}""", """{"clahe":{"width":100,"height":100}}""" },
    };

    [Theory]
    [MemberData(nameof(Windows))]
    public void A_larger_window_costs_more(string small, string large)
    {
        var source = Jpeg(Photo(400, 300));
        Assert.True(Cost(source, large).Units > Cost(source, small).Units, $"{small} vs {large}");
        Assert.True(Cost(source, small).Units > Cost(source, "{}", ""","outputFormat":"jpeg" """).Units);
    }

    [Fact]
    public void The_original_answered_as_stored_costs_nothing()
    {
        var cost = Cost(LargeJpeg, "{}");
        Assert.Equal(0, cost.Units);
        Assert.Equal(0, cost.DecodedPixels);
    }

    [Fact]
    public void A_preview_costs_what_it_draws_not_the_full_output()
    {
        var full = Cost(LargeJpeg, """{"blur":20}""");
        var preview = Cost(LargeJpeg, """{"blur":20}""", previewSide: 300);

        Assert.True(preview.Units * 10 < full.Units, $"{preview.Units} vs {full.Units}");
        Assert.True(preview.OutputPixels <= 300L * 225);
    }

    [Fact]
    public void The_estimate_reads_only_the_header_so_a_declared_size_is_priced_before_any_pixel_is_decoded()
    {
        var declared = PngDeclaring(8192, 8192); // almost no pixel data: decoding it would fail

        var cost = Cost(declared, """{"blur":300}""");

        Assert.Equal((8192, 8192), (cost.SourceWidth, cost.SourceHeight));
        Assert.True(cost.Units > new ImageBudgetOptions().Anonymous.MaxCost, $"{cost.Units}");
    }

    [Fact]
    public void An_exif_turned_source_is_planned_upright()
    {
        var wide = Jpeg(Photo(800, 200));
        var turned = WithExifOrientation(wide, 6); // shown 200 wide, 800 high

        Assert.Equal(100L * 25, Cost(wide, """{"resize":{"width":100}}""").OutputPixels);
        Assert.Equal(100L * 400, Cost(turned, """{"resize":{"width":100}}""").OutputPixels);
    }

    [Fact]
    public async Task The_processor_refuses_an_anonymous_request_over_its_limit_before_decoding_and_runs_it_for_the_portal()
    {
        var options = new ImagingOptions();
        options.Budget.Anonymous.MaxCost = 1;
        using var processor = new ImageProcessor(options);
        var source = Jpeg(Photo(400, 300));
        var request = ImageProcessingTests.Request("""{"blur":100}""");

        var refused = await Assert.ThrowsAsync<ImageRequestException>(() => processor.ProcessAsync(source, request, null, ImageCaller.Anonymous));
        Assert.Equal((413, ImageErrorCodes.TooExpensive), (refused.Status, refused.Code));
        Assert.Contains("blur 100", refused.Message);
        // The declared 8192 x 8192 PNG has no pixels to decode: refused on its header, not failed on its data.
        var bomb = await Assert.ThrowsAsync<ImageRequestException>(() => processor.ProcessAsync(PngDeclaring(8192, 8192),
            ImageProcessingTests.Request("""{"grayscale":true}"""), null, ImageCaller.Anonymous));
        Assert.Equal(ImageErrorCodes.TooExpensive, bomb.Code);

        var result = await processor.ProcessAsync(source, request); // the portal's own work has no cost limit
        Assert.Equal((400, 300), (result.Width, result.Height));
    }
}
