using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The Thumbor request form, with Serverless Image Handler's thumbor-mapper specs as the compatibility list.</summary>
public sealed class ThumborRequestTests
{
    private static ImageRequest Parse(string path) => ImageRequestParser.Parse(path, null, false);

    [Theory]
    [InlineData("/fit-in/400x300/test-image-001.jpg", 400, 300, ResizeFit.Inside)]
    [InlineData("/400x300/test-image-001.jpg", 400, 300, ResizeFit.Cover)]
    [InlineData("/0x300/test-image-001.jpg", null, 300, ResizeFit.Inside)]
    [InlineData("/400x0/test-image-001.jpg", 400, null, ResizeFit.Inside)]
    [InlineData("/x300/test-image-001.jpg", null, 300, ResizeFit.Inside)]
    [InlineData("/unsafe/fit-in/400x300/smart/test-image-001.jpg", 400, 300, ResizeFit.Inside)]
    public void Sizes_map_to_resize(string path, int? width, int? height, ResizeFit fit)
    {
        var request = Parse(path);
        Assert.Equal(ImageRequestKind.Thumbor, request.Kind);
        Assert.Equal("test-image-001.jpg", request.Key);
        Assert.Equal(new ResizeEdit(width, height, fit), request.Edits.Resize);
    }

    [Theory]
    [InlineData("/fit-in/test-image-001.jpg")]
    [InlineData("/0x0/test-image-001.jpg")]
    public void Fit_in_or_zero_sizes_alone_change_nothing(string path)
    {
        var request = Parse(path);
        Assert.Null(request.Edits.Resize);
        Assert.True(request.ReturnsOriginal);
    }

    [Theory]
    [InlineData("/-400x300/a.jpg", true, false)]
    [InlineData("/400x-300/a.jpg", false, true)]
    [InlineData("/-400x-300/a.jpg", true, true)]
    public void Negative_sizes_mirror_as_in_Thumbor(string path, bool flop, bool flip)
    {
        var edits = Parse(path).Edits;
        Assert.Equal((flop, flip), (edits.Flop, edits.Flip));
        Assert.Equal(new ResizeEdit(400, 300), edits.Resize);
    }

    [Fact]
    public void A_crop_box_crops_the_source_before_resizing()
    {
        var edits = Parse("/10x20:110x220/50x0/thumbor-image.jpg").Edits;
        Assert.Equal(new CropEdit(10, 20, 100, 200), edits.Extract);
        Assert.False(edits.ExtractAfterResize);
        Assert.Equal(new ResizeEdit(50, null, ResizeFit.Inside), edits.Resize);
    }

    [Fact]
    public void An_upside_down_crop_box_is_out_of_bounds()
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse("/100x100:50x50/a.jpg"));
        Assert.Equal(ImageErrorCodes.CropOutOfBounds, error.Code);
    }

    [Theory]
    [InlineData("/filters:rotate(90):grayscale()/thumbor-image.jpg")]
    [InlineData("/filters:rotate(90)/filters:grayscale()/thumbor-image.jpg")]
    public void Filters_may_be_chained_or_separate(string path)
    {
        var edits = Parse(path).Edits;
        Assert.Equal(90, edits.Rotate);
        Assert.True(edits.Grayscale);
        Assert.Equal("thumbor-image.jpg", Parse(path).Key);
    }

    [Fact]
    public void A_watermark_key_may_hold_slashes()
    {
        var request = Parse("/filters:watermark(bucket,folder/key.png,0,0)/image.jpg");
        Assert.Equal("image.jpg", request.Key);
        Assert.Equal(new OverlayEdit("folder/key.png", "bucket", 0, null, null, "0", "0"), request.Edits.Overlay);
    }

    [Fact]
    public void Watermark_reads_position_alpha_and_ratios()
    {
        var overlay = Parse("/filters:watermark(b,logo.png,-10p,20,50,25,30)/a.jpg").Edits.Overlay;
        Assert.Equal(new OverlayEdit("logo.png", "b", 50, 25, 30, "-10p", "20"), overlay);
    }

    public static TheoryData<string, Func<ImageEdits, bool>> Filters => new()
    {
        { "autojpg()", e => e.ToFormat == ImageFormat.Jpeg },
        { "background_color(ff0000)", e => e.Flatten == new RgbaColor(255, 0, 0) },
        { "background_color(red)", e => e.Flatten == new RgbaColor(255, 0, 0) },
        { "blur(60)", e => e.Blur == 30 },
        { "blur(60,2)", e => e.Blur == 2 },
        { "equalize()", e => e.Normalize },
        { "fill(00ff00)", e => e.Resize is null }, // fill without a size has nothing to fill
        { "format(webp)", e => e.ToFormat == ImageFormat.Webp },
        { "format(jpg)", e => e.ToFormat == ImageFormat.Jpeg },
        { "grayscale()", e => e.Grayscale },
        { "rgb(10,-10,100)", e => e.Tint == new RgbaColor(26, 0, 255) },
        { "rotate(75)", e => e.Rotate == 75 },
        { "sharpen(1.5,0.5,true)", e => e.Sharpen == 1.25 },
        { "strip_exif()", e => e == ImageEdits.None with { StripMetadata = true } },
        { "animated(false)", e => e.Animated == false },
        { "animated(true)", e => e.Animated == true },
        { "strip_icc()", e => e == ImageEdits.None with { StripMetadata = true } },
        { "no_such_filter(1)", e => e.IsEmpty },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void Filters_map_to_edits(string filter, Func<ImageEdits, bool> expected)
    {
        var edits = Parse($"/filters:{filter}/a.jpg").Edits;
        Assert.True(expected(edits), $"filters:{filter} gave {ImageCacheKey.CanonicalEdits(edits)}");
    }

    [Fact]
    public void Resize_filters_change_the_resize()
    {
        Assert.Equal(new ResizeEdit(300, 200, ResizeFit.Contain, new RgbaColor(0, 0, 255)), Parse("/300x200/filters:fill(blue)/a.jpg").Edits.Resize);
        Assert.Equal(new ResizeEdit(300, 200, WithoutEnlargement: true), Parse("/300x200/filters:no_upscale()/a.jpg").Edits.Resize);
        Assert.Equal(new ResizeEdit(300, 200, ResizeFit.Fill), Parse("/300x200/filters:stretch()/a.jpg").Edits.Resize);
        Assert.Equal(new ResizeEdit(300, 200, ResizeFit.Inside), Parse("/fit-in/300x200/filters:stretch()/a.jpg").Edits.Resize);
        Assert.Equal(new ResizeEdit(300, 200, ResizeFit.Inside), Parse("/300x200/filters:upscale()/a.jpg").Edits.Resize);
        Assert.Equal(new ResizeEdit(150, 100), Parse("/300x200/filters:proportion(0.5)/a.jpg").Edits.Resize);
        Assert.Equal(new ResizeEdit(null, null, Ratio: 0.3), Parse("/filters:proportion(0.3)/a.jpg").Edits.Resize);
    }

    [Fact]
    public void Quality_applies_to_the_output_format_whichever_it_is()
    {
        var request = Parse("/filters:quality(50):format(webp)/a.jpg");
        Assert.Equal(50, request.Quality);
        Assert.Equal(ImageFormat.Webp, request.OutputFormat);
        Assert.False(request.ReturnsOriginal);
    }

    [Theory]
    [InlineData("/filters:quality(0)/a.jpg", ImageErrorCodes.InvalidEdit)]
    [InlineData("/filters:format(raw)/a.jpg", ImageErrorCodes.UnsupportedOutputFormat)]
    public void Wrong_filter_values_are_400s(string path, string code) =>
        Assert.Equal(code, Assert.Throws<ImageRequestException>(() => Parse(path)).Code);

    [Theory]
    [InlineData("/fit-in/300x200/photos/2024/cat%20and%20dog.jpg", null, "photos/2024/cat and dog.jpg")]
    [InlineData("/300x200/s3:other-bucket/photos/cat.jpg", "other-bucket", "photos/cat.jpg")]
    [InlineData("/photos/300x200.jpg", null, "photos/300x200.jpg")]
    [InlineData("/300x200", null, "300x200")]
    [InlineData("/image", null, "image")]
    public void The_rest_of_the_path_is_the_key(string path, string? bucket, string key)
    {
        var request = Parse(path);
        Assert.Equal((bucket, key), (request.Bucket, request.Key));
    }

    [Theory]
    [InlineData("/300x200/../other-customer/a.jpg")]
    [InlineData("/fit-in/300x200/a/../../b.jpg")]
    [InlineData("/300x200/a//b.jpg")]
    public void Keys_that_climb_out_are_refused(string path)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse(path));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void Thumbor_and_Default_forms_of_the_same_edits_share_a_cache_key()
    {
        var thumbor = Parse("/fit-in/300x200/filters:grayscale()/a.jpg");
        var @default = ImageRequestParser.Parse(DefaultRequestTests.Encode("""{"key":"a.jpg","edits":{"resize":{"width":300,"height":200,"fit":"inside"},"grayscale":true}}"""), null, false);
        Assert.Equal(ImageCacheKey.For(@default), ImageCacheKey.For(thumbor));
    }

    [Fact]
    public void The_cache_key_changes_with_every_part_of_the_request()
    {
        var baseline = Parse("/300x200/a.jpg");
        var keys = new[]
        {
            ImageCacheKey.For(baseline),
            ImageCacheKey.For(Parse("/300x201/a.jpg")),
            ImageCacheKey.For(Parse("/300x200/b.jpg")),
            ImageCacheKey.For(Parse("/300x200/filters:format(webp)/a.jpg")),
            ImageCacheKey.For(Parse("/300x200/filters:quality(50)/a.jpg")),
            ImageCacheKey.For(baseline with { Bucket = "other" }),
        };
        Assert.Equal(keys.Length, keys.Distinct().Count());
        Assert.All(keys, k => Assert.Matches("^[0-9a-f]{64}$", k));
        Assert.Equal(keys[0], ImageCacheKey.For(Parse("/300x200/a.jpg")));
    }

    [Fact]
    public void Convolution_is_sharps_convolve_of_the_kernel_as_SIH_maps_it()
    {
        var convolve = Parse("/filters:convolution(1;2;1;2;4;2;1;2;1,3,false)/a.jpg").Edits.Operations!.Convolve!;
        Assert.Equal((3, 3, 16d, 0d), (convolve.Width, convolve.Height, convolve.Scale, convolve.Offset));
        Assert.Equal(new double[] { 1, 2, 1, 2, 4, 2, 1, 2, 1 }, convolve.Kernel);
        var edge = Parse("/filters:convolution(-1;-1;-1;-1;8;-1;-1;-1;-1,3)/a.jpg").Edits.Operations!.Convolve!;
        Assert.Equal(1, edge.Scale); // a sum below 1 scales by 1, as sharp
    }

    [Theory]
    [InlineData("1;2;1;2,3,false")] // 4 values: a 3x2 kernel, which sharp refuses
    [InlineData("1;2;1;2;4;2;1;2;1,0")]
    [InlineData("1;2;1;2;4;2;1;2;1")]
    [InlineData("a;2;1;2;4;2;1;2;1,3")]
    [InlineData("1;2;1;2;4;2;1;2;1,3.5")]
    public void A_convolution_sharp_would_refuse_is_a_400_naming_it(string arguments)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse($"/filters:convolution({arguments})/a.jpg"));
        Assert.Equal((400, ImageErrorCodes.InvalidEdit), (error.Status, error.Code));
        Assert.Contains("convolution", error.Message);
    }

    [Theory]
    [InlineData("/300x200/smart/a.jpg", ResizePosition.Attention)]
    [InlineData("/unsafe/smart/300x200/a.jpg", ResizePosition.Attention)]
    [InlineData("/300x200/a.jpg", ResizePosition.Centre)]
    [InlineData("/fit-in/300x200/smart/a.jpg", ResizePosition.Centre)] // nothing is cropped
    [InlineData("/300x200/smart/filters:fill(red)/a.jpg", ResizePosition.Centre)]
    public void Smart_crops_keep_what_the_attention_strategy_finds(string path, ResizePosition position) =>
        Assert.Equal(position, Parse(path).Edits.Resize!.Position);
}
