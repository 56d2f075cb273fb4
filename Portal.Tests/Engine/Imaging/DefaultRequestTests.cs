using System.Text;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;

namespace Portal.Tests.Engine.Imaging;

/// <summary>The Default request form (base64 JSON) and its edits, following Serverless Image Handler.</summary>
public sealed class DefaultRequestTests
{
    internal static string Encode(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static ImageRequest Parse(string json, string? accept = null, bool autoWebp = false) =>
        ImageRequestParser.Parse("/" + Encode(json), accept, autoWebp);

    [Fact]
    public void Bucket_key_edits_and_output_format_are_read()
    {
        var request = Parse("""{"bucket":"photos","key":"a/b.jpg","edits":{"resize":{"width":200,"height":100,"fit":"contain","background":{"r":255,"g":0,"b":0,"alpha":0.5}}},"outputFormat":"png"}""");
        Assert.Equal("photos", request.Bucket);
        Assert.Equal("a/b.jpg", request.Key);
        Assert.Equal(ImageRequestKind.Default, request.Kind);
        Assert.Equal(ImageFormat.Png, request.OutputFormat);
        Assert.Equal(new ResizeEdit(200, 100, ResizeFit.Contain, new RgbaColor(255, 0, 0, 0.5)), request.Edits.Resize);
    }

    [Fact]
    public void Url_safe_and_unpadded_base64_is_accepted()
    {
        var base64 = Encode("""{"key":"x.png?","edits":{}}""").Replace('+', '-').Replace('/', '_').TrimEnd('=');
        Assert.Equal("x.png?", ImageRequestParser.Parse(base64, null, false).Key);
    }

    [Theory]
    [InlineData("bm90IGpzb24=")] // "not json"
    [InlineData("WzEsMiwzXQ==")] // [1,2,3]
    [InlineData("eyJrZXkiOg==")] // {"key":
    [InlineData("e30=")] // {} (no key)
    public void A_request_that_does_not_decode_is_a_400(string path)
    {
        var error = Assert.Throws<ImageRequestException>(() => ImageRequestParser.Parse(path, null, false));
        Assert.Equal(400, error.Status);
        Assert.Equal(ImageErrorCodes.CannotDecodeRequest, error.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/fit-in/300x200/")]
    public void A_path_of_no_known_form_is_a_request_type_error(string path)
    {
        var error = Assert.Throws<ImageRequestException>(() => ImageRequestParser.Parse(path, null, false));
        Assert.Equal(ImageErrorCodes.RequestTypeError, error.Code);
    }

    [Theory]
    [InlineData("""{"key":"../other/a.jpg"}""")]
    [InlineData("""{"key":"/etc/passwd"}""")]
    [InlineData("""{"key":"a\\b.jpg"}""")]
    public void A_key_that_could_leave_the_customers_space_is_refused(string json)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse(json));
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public void Every_supported_edit_is_mapped()
    {
        var edits = Parse("""
            {"key":"a.jpg","edits":{
              "extract":{"left":1,"top":2,"width":30,"height":40}, "rotate":90, "flip":true, "flop":true, "grayscale":true,
              "blur":2.5, "sharpen":{"sigma":1.5}, "normalize":true, "negate":true, "tint":"#ff8000", "flatten":{"background":"white"},
              "toFormat":"webp", "webp":{"quality":60}, "jpeg":{"quality":70}, "png":{"quality":90},
              "overlayWith":{"bucket":"b","key":"logo.png","alpha":"30","wRatio":"20","hRatio":"","options":{"left":"-10","top":"25p"}},
              "roundCrop":{"rx":10,"ry":20,"top":30,"left":40}, "smartCrop":false, "contentModeration":null, "whatever":1}}
            """).Edits;
        Assert.Equal(new CropEdit(1, 2, 30, 40), edits.Extract);
        Assert.False(edits.ExtractAfterResize);
        Assert.Equal(90, edits.Rotate);
        Assert.True(edits.Flip && edits.Flop && edits.Grayscale && edits.Normalize && edits.Negate);
        Assert.Equal(2.5, edits.Blur);
        Assert.Equal(1.5, edits.Sharpen);
        Assert.Equal(new RgbaColor(255, 128, 0), edits.Tint);
        Assert.Equal(RgbaColor.White, edits.Flatten);
        Assert.Equal(ImageFormat.Webp, edits.ToFormat);
        Assert.Equal((60, 70, 90), (edits.WebpQuality, edits.JpegQuality, edits.PngQuality));
        Assert.Equal(new OverlayEdit("logo.png", "b", 30, 20, null, "-10", "25p"), edits.Overlay);
        Assert.Equal(new RoundCropEdit(10, 20, 30, 40), edits.RoundCrop);
    }

    [Theory]
    [InlineData("smartCrop", "true", "SmartCrop::Unavailable", "no face detector")]
    [InlineData("smartCrop", """{"faceIndex":0,"padding":10}""", "SmartCrop::Unavailable", "no face detector")]
    [InlineData("contentModeration", "true", "ContentModeration::Unavailable", "no moderation detector")]
    [InlineData("contentModeration", """{"minConfidence":90,"blur":100,"moderationLabels":["Smoking"]}""", "ContentModeration::Unavailable", "no moderation detector")]
    public void An_edit_needing_a_detector_the_portal_lacks_is_refused_not_ignored(string edit, string value, string code, string says)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse("{\"key\":\"a.jpg\",\"edits\":{\"" + edit + "\":" + value + "}}"));
        Assert.Equal((400, code), (error.Status, error.Code));
        Assert.Contains(says, error.Message);
    }

    [Fact]
    public void Crop_is_a_synonym_of_extract_and_an_extract_after_resize_crops_the_resized_image()
    {
        Assert.Equal(new CropEdit(0, 0, 5, 5), Parse("""{"key":"a","edits":{"crop":{"left":0,"top":0,"width":5,"height":5}}}""").Edits.Extract);
        var after = Parse("""{"key":"a","edits":{"resize":{"width":50},"extract":{"left":0,"top":0,"width":5,"height":5}}}""").Edits;
        Assert.True(after.ExtractAfterResize);
    }

    [Theory]
    [InlineData("""{"width":0}""")]
    [InlineData("""{"width":-5}""")]
    [InlineData("""{"height":"abc"}""")]
    [InlineData("""{"width":10,"fit":"squash"}""")]
    [InlineData("""[10,10]""")]
    public void A_wrong_resize_is_a_400(string resize)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse($$$"""{"key":"a.jpg","edits":{"resize":{{{resize}}}}}"""));
        Assert.Equal(400, error.Status);
        Assert.Equal(ImageErrorCodes.InvalidResize, error.Code);
    }

    [Fact]
    public void A_resize_without_sizes_is_no_edit_so_the_original_is_answered()
    {
        var request = Parse("""{"key":"a.jpg","edits":{"resize":{"fit":"inside"}}}""");
        Assert.Null(request.Edits.Resize);
        Assert.True(request.ReturnsOriginal);
    }

    [Theory]
    [InlineData("""{"extract":{"left":-1,"top":0,"width":5,"height":5}}""", ImageErrorCodes.CropOutOfBounds)]
    [InlineData("""{"extract":{"left":0,"top":0,"width":0,"height":5}}""", ImageErrorCodes.CropOutOfBounds)]
    [InlineData("""{"extract":{"left":0}}""", ImageErrorCodes.CropOutOfBounds)] // missing fields: what sharp refuses and SIH answers so
    [InlineData("""{"blur":0.1}""", ImageErrorCodes.InvalidEdit)]
    [InlineData("""{"jpeg":{"quality":101}}""", ImageErrorCodes.InvalidEdit)]
    [InlineData("""{"tint":"nocolour"}""", ImageErrorCodes.InvalidEdit)]
    [InlineData("""{"overlayWith":{"alpha":5}}""", ImageErrorCodes.InvalidEdit)]
    [InlineData("""{"toFormat":"jxl"}""", ImageErrorCodes.UnsupportedOutputFormat)]
    [InlineData("""{"toFormat":"raw"}""", ImageErrorCodes.UnsupportedOutputFormat)]
    [InlineData("""{"png":{"colours":1}}""", ImageErrorCodes.InvalidEdit)]
    [InlineData("""{"animated":"yes"}""", ImageErrorCodes.InvalidEdit)]
    public void Wrong_edit_values_are_400s_naming_the_problem(string edits, string code)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse($$"""{"key":"a.jpg","edits":{{edits}}}"""));
        Assert.Equal(400, error.Status);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Rotate_null_means_auto_orientation_and_no_metadata()
    {
        var edits = Parse("""{"key":"a.jpg","edits":{"rotate":null}}""").Edits;
        Assert.Null(edits.Rotate);
        Assert.Equal(ImageEdits.None with { StripMetadata = true }, edits);
    }

    [Theory]
    [InlineData("""{"key":"a.jpg","edits":{"toFormat":"png"},"outputFormat":"jpeg"}""", "image/webp", true, ImageFormat.Png)]
    [InlineData("""{"key":"a.jpg","outputFormat":"jpeg"}""", "image/avif,image/webp,*/*", true, ImageFormat.Webp)]
    [InlineData("""{"key":"a.jpg","outputFormat":"jpeg"}""", "image/webp", false, ImageFormat.Jpeg)]
    [InlineData("""{"key":"a.jpg","outputFormat":"png"}""", "image/jpeg", true, ImageFormat.Png)]
    [InlineData("""{"key":"a.jpg","edits":{"grayscale":true}}""", null, true, null)]
    public void Output_format_is_toFormat_then_auto_webp_then_outputFormat_then_the_source(string json, string? accept, bool autoWebp, ImageFormat? expected)
    {
        Assert.Equal(expected, Parse(json, accept, autoWebp).OutputFormat);
    }

    [Fact]
    public void No_edits_and_no_format_answers_the_original()
    {
        Assert.True(Parse("""{"key":"a.jpg"}""").ReturnsOriginal);
        Assert.True(Parse("""{"key":"a.jpg","edits":{"unknown":{"x":1}}}""").ReturnsOriginal);
        Assert.False(Parse("""{"key":"a.jpg","outputFormat":"webp"}""").ReturnsOriginal);
        Assert.False(Parse("""{"key":"a.jpg"}""", "image/webp", autoWebp: true).ReturnsOriginal);
    }

    [Fact]
    public void The_parser_service_uses_the_auto_webp_setting()
    {
        var parser = new ImageRequestParser(Microsoft.Extensions.Options.Options.Create(new ImagingOptions { AutoWebp = true }));
        Assert.Equal(ImageFormat.Webp, parser.Parse(Encode("""{"key":"a.jpg"}"""), "image/webp").OutputFormat);
    }
}
