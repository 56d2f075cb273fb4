using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;

namespace Portal.Tests.Engine.Imaging;

/// <summary>
/// The query-parameter form of Dynamic Image Transformation for Amazon CloudFront (v8.0.1): the expectations of its
/// query-param-mapper.spec.ts, parse-query-param-edits.spec.ts, recreate-query-string.spec.ts and setup.spec.ts, and how
/// image-request.ts spreads the query's edits over a path's.
/// </summary>
public sealed class QueryRequestTests
{
    private const string DefaultPath = "eyJidWNrZXQiOiJ0ZXN0Iiwia2V5IjoidGVzdC5wbmciLCJvdXRwdXRGb3JtYXQiOiJ3ZWJwIn0="; // {"bucket":"test","key":"test.png","outputFormat":"webp"}

    internal static ImageQuery Query(params (string Name, string Value)[] parameters) =>
        ImageQuery.From(parameters.Select(p => KeyValuePair.Create(p.Name, (string?)p.Value)));

    private static ImageRequest Parse(string path, params (string Name, string Value)[] parameters) =>
        ImageRequestParser.Parse(path, null, false, null, Query(parameters));

    private static ImageEdits Edits(params (string Name, string Value)[] parameters) => Parse("/a.jpg", parameters).Edits;

    [Fact]
    public void Format_maps_to_toFormat() => Assert.Equal(ImageFormat.Jpeg, Edits(("format", "jpeg")).ToFormat);

    [Fact]
    public void Width_height_and_fit_map_to_resize()
    {
        Assert.Equal(new ResizeEdit(100, 200, ResizeFit.Cover), Edits(("width", "100"), ("height", "200"), ("fit", "cover")).Resize);
        Assert.Equal(new ResizeEdit(null, 200, ResizeFit.Cover), Edits(("width", "0"), ("height", "200"), ("fit", "cover")).Resize);
        Assert.Equal(new ResizeEdit(100, null, ResizeFit.Inside), Edits(("width", "100"), ("fit", "inside")).Resize);
    }

    [Fact]
    public void Flags_are_off_only_for_0_false_and_empty_and_grayscale_is_greyscale()
    {
        var edits = Edits(("flip", "true"), ("flop", "false"), ("grayscale", "true"));
        Assert.Equal((true, false, true), (edits.Flip, edits.Flop, edits.Grayscale));
        foreach (var off in new[] { "false", "0", "", "FALSE" }) Assert.False(Edits(("flip", off)).Flip, off);
        foreach (var on in new[] { "true", "1", "yes", "no" }) Assert.True(Edits(("flip", on)).Flip, on);
        Assert.True(Edits(("greyscale", "1")).Grayscale);
    }

    [Fact]
    public void Rotate_is_an_integer_and_empty_is_none()
    {
        Assert.Equal(90, Edits(("rotate", "90")).Rotate);
        Assert.Null(Edits(("rotate", "")).Rotate);
        Assert.Equal(45, Edits(("rotate", "45.9")).Rotate); // parseInt
    }

    [Fact]
    public void Unknown_parameters_are_ignored() =>
        Assert.Equal(new ImageEdits { Resize = new ResizeEdit(100, null) }, Edits(("unknown", "value"), ("width", "100")));

    [Fact]
    public void Rotate_width_flip_and_flop_together() // parse-query-param-edits.spec.ts
    {
        var edits = Edits(("rotate", "90"), ("width", "100"), ("flip", "true"), ("flop", "0"));
        Assert.Equal((90d, new ResizeEdit(100, null), true, false), (edits.Rotate!.Value, edits.Resize, edits.Flip, edits.Flop));
    }

    [Fact]
    public void The_parameter_set_is_the_successors_and_quality()
    {
        string[] successor = ["format", "fit", "width", "height", "rotate", "flip", "flop", "grayscale", "greyscale"];
        Assert.Equal(successor.Append("quality").Order(StringComparer.Ordinal), ImageQuery.EditNames);
    }

    [Theory] // recreate-query-string.spec.ts, after the path and '?'
    [InlineData("signature=test-signature&expires=test-expires&format=png", "/p?expires=test-expires&format=png")]
    [InlineData("grayscale=true&expires=test-expires&format=png", "/p?expires=test-expires&format=png&grayscale=true")]
    [InlineData("signature=test-signature&expires=test-expires&format=png&fit=cover&width=100&height=100&rotate=90&flip=true&flop=true&grayscale=true",
        "/p?expires=test-expires&fit=cover&flip=true&flop=true&format=png&grayscale=true&height=100&rotate=90&width=100")]
    [InlineData("signature=abc", "/p")]
    [InlineData("download=&v=2&Width=5&width=1&width=7", "/p?width=7")]
    public void The_string_to_sign_is_the_path_and_the_sorted_parameters_but_signature(string query, string expected)
    {
        var pairs = query.Split('&').Select(p => p.Split('=', 2)).Select(p => (p[0], p.Length > 1 ? p[1] : ""));
        Assert.Equal(expected, Query(pairs.ToArray()).StringToSign("/p"));
    }

    [Fact]
    public void Query_edits_apply_to_default_requests_too() // setup.spec.ts: format over outputFormat
    {
        var request = Parse(DefaultPath, ("format", "png"));
        Assert.Equal((ImageRequestKind.Default, "test.png", ImageFormat.Png), (request.Kind, request.Key, request.OutputFormat));
        Assert.Equal(ImageFormat.Png, request.Edits.ToFormat);
    }

    [Fact]
    public void A_bare_key_with_query_edits_is_a_thumbor_request() // setup.spec.ts
    {
        var request = Parse("/test-image-001.jpg", ("format", "png"));
        Assert.Equal((ImageRequestKind.Thumbor, "test-image-001.jpg", ImageFormat.Png), (request.Kind, request.Key, request.OutputFormat));
    }

    [Fact]
    public void The_query_overrides_the_paths_value() // setup.spec.ts
    {
        Assert.Equal(ImageFormat.Png, Parse("/filters:format(jpg)/test-image-001.jpg", ("format", "png")).OutputFormat);
        Assert.Null(Parse("/filters:format(png)/a.jpg", ("format", "")).OutputFormat); // "" is falsy there: the source's format
        Assert.False(Parse("/filters:grayscale()/a.jpg", ("grayscale", "false")).Edits.Grayscale);
    }

    [Fact]
    public void A_query_resize_replaces_the_paths_whole_resize_as_a_spread_does()
    {
        Assert.Equal(new ResizeEdit(100, null), Parse("/fit-in/200x300/filters:fill(red)/a.jpg", ("width", "100")).Edits.Resize);
        Assert.Null(Parse("/200x300/a.jpg", ("fit", "inside")).Edits.Resize); // fit alone: a resize without a size
        Assert.Equal(new ResizeEdit(200, 300, ResizeFit.Inside), Parse("/fit-in/200x300/a.jpg", ("rotate", "90")).Edits.Resize);
        var json = Convert.ToBase64String("""{"key":"a.jpg","edits":{"resize":{"width":10,"fit":"inside"},"grayscale":true}}"""u8);
        Assert.Equal(new ResizeEdit(null, 20), Parse(json, ("height", "20")).Edits.Resize);
    }

    [Theory]
    [InlineData("/filters:rotate(90)/a.jpg", true)] // the path's rotate key precedes the query's new resize
    [InlineData("/100x50/filters:rotate(90)/a.jpg", false)] // the resize key is the path's, before its rotate
    [InlineData("/filters:rotate(360)/a.jpg", false)] // sharp expects no rotation for whole turns
    public void A_rotate_before_the_resize_turns_first_as_in_sharp(string path, bool rotateFirst) =>
        Assert.Equal(rotateFirst, Parse(path, ("width", "100"), ("height", "50")).Edits.RotateFirst);

    [Fact]
    public void The_querys_own_order_is_by_name_so_rotate_precedes_a_width_only_resize()
    {
        Assert.True(Edits(("width", "100"), ("rotate", "90")).RotateFirst); // rotate < width
        Assert.False(Edits(("height", "100"), ("rotate", "90")).RotateFirst); // height < rotate
    }

    [Theory]
    [InlineData("""{"rotate":90}""", true)]
    [InlineData("""{"resize":{"width":10},"rotate":90}""", false)] // the query's width replaces the resize where it stands
    public void Default_edits_keep_their_key_order_under_the_spread(string edits, bool rotateFirst)
    {
        var path = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($$"""{"key":"a.jpg","edits":{{edits}}}"""));
        var request = Parse(path, ("width", "100"), ("height", "50"));
        Assert.Equal((new ResizeEdit(100, 50), rotateFirst), (request.Edits.Resize, request.Edits.RotateFirst));
    }

    [Theory]
    [InlineData("100px", 100)]
    [InlineData(" 42", 42)]
    [InlineData("12.7", 12)]
    [InlineData("0x10", 16)]
    [InlineData("1e3", 1)]
    public void Numbers_are_read_as_parseInt_reads_them(string width, int expected) =>
        Assert.Equal(expected, Edits(("width", width)).Resize!.Width);

    [Theory]
    [InlineData("width", "abc", 400, "InvalidResizeException")]
    [InlineData("width", "-5", 400, "InvalidResizeException")]
    [InlineData("height", "99999999999999999999", 400, "InvalidResizeException")]
    [InlineData("fit", "sideways", 400, "InvalidResizeException")]
    [InlineData("fit", "", 400, "InvalidResizeException")]
    [InlineData("rotate", "abc", 400, "ImageEdits::InvalidEdit")]
    [InlineData("format", "bmp", 400, "ImageEdits::UnsupportedOutputFormat")]
    [InlineData("quality", "0", 400, "ImageEdits::InvalidEdit")]
    [InlineData("quality", "abc", 400, "ImageEdits::InvalidEdit")]
    public void Values_the_edit_refuses_are_refused_as_for_the_other_forms(string name, string value, int status, string code)
    {
        var error = Assert.Throws<ImageRequestException>(() => Parse("/a.jpg", (name, value)));
        Assert.Equal((status, code), (error.Status, error.Code));
    }

    [Fact]
    public void Quality_is_this_handlers_own_and_applies_to_whichever_format_is_written()
    {
        Assert.Equal(80, Parse("/filters:quality(50)/a.jpg", ("quality", "80")).Quality);
        Assert.Equal(50, Parse("/filters:quality(50)/a.jpg", ("quality", "")).Quality);
        Assert.Equal(70, Parse(DefaultPath, ("quality", "70"), ("format", "webp")).Quality);
    }

    [Fact]
    public void A_name_given_twice_counts_with_its_last_value() =>
        Assert.Equal(new ResizeEdit(7, null), ImageRequestParser.Parse("/a.jpg", null, false, null,
            ImageQuery.From([KeyValuePair.Create("width", (string?)"1"), KeyValuePair.Create("width", (string?)"7")])).Edits.Resize);

    [Fact]
    public void Without_query_edits_the_path_alone_decides() =>
        Assert.Equal(ImageRequestParser.Parse("/fit-in/20x20/a.jpg", null, false), Parse("/fit-in/20x20/a.jpg", ("expires", "x"), ("download", "")));
}
