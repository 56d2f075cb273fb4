using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;
using SkiaSharp;

namespace Portal.Tests.Features.Images;

/// <summary>
/// Serverless Image Handler v6.3.3's answers, read from its image-request.ts, image-handler.ts, thumbor-mapper.ts and
/// index.ts, for both endpoints: codes and messages of its refusals, how it reads flags, the Thumbor prefixes and filters,
/// and the response headers a request may set. The source is a 40x30 image of four coloured quadrants.
/// </summary>
public sealed class SihRequestSemanticsTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private const string Quad = "sih/quad.png", Logo = "sih/logo.png", Big = "sih/big.png", Gif = "sih/two-frames.gif";

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));
    private static string Json(string edits, string more = "") => B64($"{{\"key\":\"{Quad}\",\"edits\":{edits}{more}}}");

    public static TheoryData<string, string, int, string, string?> Refusals()
    {
        var data = new TheoryData<string, string, int, string, string?>();
        (string Path, int Status, string Code, string? Message)[] rows =
        [
            (Json("""{"resize":{"width":0,"height":10}}"""), 400, "InvalidResizeException", "The image size is invalid."),
            (Json("""{"resize":{"width":-5}}"""), 400, "InvalidResizeException", "The image size is invalid."),
            (Json("""{"resize":{"height":"0"}}"""), 400, "InvalidResizeException", "The image size is invalid."),
            (Json("""{"resize":{"width":0.4}}"""), 400, "InvalidResizeException", "The image size is invalid."),
            (Json("""{"crop":{"left":0,"top":0,"width":10}}"""), 400, "Crop::AreaOutOfBounds", CropMessage),
            (Json("""{"crop":{"left":35,"top":0,"width":10,"height":10}}"""), 400, "Crop::AreaOutOfBounds", CropMessage),
            (Json("""{"extract":{}}"""), 400, "Crop::AreaOutOfBounds", CropMessage),
            (Json("""{"extract":"10"}"""), 400, "Crop::AreaOutOfBounds", CropMessage),
            (Json("""{"toFormat":"bmp"}"""), 400, "ImageEdits::UnsupportedOutputFormat", null),
            (Json("{}", ""","outputFormat":"raw" """), 400, "ImageEdits::UnsupportedOutputFormat", null),
            (Json("{\"overlayWith\":{\"key\":\"sih/none.png\"}}"), 404, "NoSuchKey", null),
            (Json("{\"overlayWith\":{\"key\":\"" + Big + "\"}}"), 400, "BadRequest", "Image to overlay must have same dimensions or smaller"),
            (Json("{\"overlayWith\":{\"key\":\"" + Logo + "\",\"wRatio\":100}}"), 400, "BadRequest", "Image to overlay must have same dimensions or smaller"),
            (Json("{\"overlayWith\":{\"bucket\":\"elsewhere\",\"key\":\"" + Logo + "\"}}"), 403, "ImageBucket::CannotAccessBucket", null),
            (Json("""{"resize":{"fit":5}}"""), 400, "InvalidResizeException", null),
            (Json("""{"resize":{"width":10,"withoutEnlargement":"yes"}}"""), 400, "InvalidResizeException", null),
            (B64("{\"key\":\"sih/\\ud800.png\"}"), 400, "DecodeRequest::CannotDecodeRequest", null),
            (Json("{}", ""","headers":{"X-Evil":"a\r\nSet-Cookie: x=1"}"""), 400, "DecodeRequest::CannotDecodeRequest", null),
            (Json("{}", ""","headers":["X-A"]"""), 400, "DecodeRequest::CannotDecodeRequest", null),
            ($"fit-in/20x20/filters:fill(zzz)/{Quad}", 400, "ImageEdits::InvalidEdit", null),
            ($"filters:background_color(nope)/{Quad}", 400, "ImageEdits::InvalidEdit", null),
            ($"filters:convolution(1;2;1;2,3,true)/{Quad}", 400, "ImageEdits::InvalidEdit", null),
            ($"filters:format(raw)/{Quad}", 400, "ImageEdits::UnsupportedOutputFormat", null),
            ($"20x20/filters:proportion(-1)/{Quad}", 400, "ImageEdits::InvalidEdit", null),
            ($"20x20/filters:proportion(0.01)/{Quad}", 400, "InvalidResizeException", "The image size is invalid."),
            ($"filters:rotate(abc)/{Quad}", 400, "ImageEdits::InvalidEdit", null),
            ($"filters:blur(NaN)/{Quad}", 400, "ImageEdits::InvalidEdit", null),
            ($"filters:watermark(,sih/none.png,0,0)/{Quad}", 404, "NoSuchKey", null),
            ($"filters:watermark(,{Big},0,0)/{Quad}", 400, "BadRequest", "Image to overlay must have same dimensions or smaller"),
            ($"fit-in/20x20/sih/quad.bmp", 400, "RequestTypeError", null),
            ($"s3:elsewhere/{Quad}", 403, "ImageBucket::CannotAccessBucket", null),
            ("s3:elsewhere/sih/never-was.png", 403, "ImageBucket::CannotAccessBucket", null), // the same answer: nothing said of what exists
        ];
        foreach (var endpoint in new[] { "/img", "/catalog-img" })
            foreach (var (path, status, code, message) in rows)
                data.Add(endpoint, path, status, code, message);
        return data;
    }

    private const string CropMessage =
        "The cropping area you provided exceeds the boundaries of the original image. Please try choosing a correct cropping value.";

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_have_SIHs_status_code_and_message(string endpoint, string path, int status, string code, string? message)
    {
        var client = await ClientAsync(endpoint);

        var response = await client.GetAsync($"{endpoint}/{path}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{path}: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        if (message is not null) Assert.Equal(message, json.GetProperty("message").GetString());
    }

    public static TheoryData<string, string, int, int> Images()
    {
        var data = new TheoryData<string, string, int, int>();
        (string Path, int Width, int Height)[] rows =
        [
            ($"unsafe/fit-in/20x20/{Quad}", 20, 15),
            ($"full-fit-in/20x20/{Quad}", 20, 15),
            ($"unsafe/smart/20x20/{Quad}", 20, 20),
            ($"fit-in/200x200/filters:no_upscale()/{Quad}", 40, 30),
            ($"fit-in/200x200/filters:upscale()/{Quad}", 200, 150),
            ($"filters:upscale()/{Quad}", 40, 30),
            ($"10x10/filters:stretch()/{Quad}", 10, 10),
            ($"fit-in/40x40/filters:proportion(0.5)/{Quad}", 20, 15),
            ($"filters:proportion(0.5)/{Quad}", 20, 15),
            ($"fit-in/20x20/filters:fill(ff0000)/{Quad}", 20, 20),
            ($"fit-in/20x20/filters:rgb(10,-10,300):strip_exif():strip_icc()/{Quad}", 20, 15),
            ($"filters:watermark(,{Logo},0,0,50,25,25)/{Quad}", 40, 30),
            ($"filters:format(bmp)/{Quad}", 40, 30), // SIH's mapper takes only the formats it names
            ($"filters:animated(false)/{Gif}", 5, 5),
            ($"filters:animated(true)/{Gif}", 5, 5),
            ($"filters:nope(1)/{Quad}", 40, 30), // a filter SIH's mapper does not know: ignored, as there
            ($"filters:convolution(1;2;1;2;4;2;1;2;1,3,true)/{Quad}", 40, 30),
            (Json("""{"resize":{"width":20,"height":null}}"""), 20, 15),
            (Json("""{"crop":{"left":0,"top":0,"width":40,"height":30}}"""), 40, 30),
        ];
        foreach (var endpoint in new[] { "/img", "/catalog-img" })
            foreach (var (path, width, height) in rows)
                data.Add(endpoint, path, width, height);
        return data;
    }

    [Theory]
    [MemberData(nameof(Images))]
    public async Task Thumbor_prefixes_filters_and_JSON_sizes_give_SIHs_sizes(string endpoint, string path, int width, int height)
    {
        var client = await ClientAsync(endpoint);

        using var image = await ImageAsync(client, $"{endpoint}/{path}");

        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task Flags_are_read_as_sharp_reads_them_only_false_is_off(string endpoint)
    {
        var client = await ClientAsync(endpoint);
        async Task<SKColor> TopLeft(string flop) { using var i = await ImageAsync(client, $"{endpoint}/{Json($"{{\"flop\":{flop}}}", ",\"outputFormat\":\"png\"")}"); return i.GetPixel(2, 2); }

        foreach (var on in new[] { "true", "\"true\"", "\"false\"", "1", "0", "null", "{}" })
            Assert.True(Near(await TopLeft(on), TestImages.TopRight), on);
        Assert.True(Near(await TopLeft("false"), TestImages.TopLeft));
    }

    [Theory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task Negative_thumbor_sizes_flip_and_flop(string endpoint)
    {
        var client = await ClientAsync(endpoint);

        using var flopped = await ImageAsync(client, $"{endpoint}/-40x30/filters:format(png)/{Quad}");
        using var flipped = await ImageAsync(client, $"{endpoint}/40x-30/filters:format(png)/{Quad}");
        using var both = await ImageAsync(client, $"{endpoint}/-40x-30/filters:format(png)/{Quad}");

        Assert.True(Near(flopped.GetPixel(2, 2), TestImages.TopRight));
        Assert.True(Near(flipped.GetPixel(2, 2), TestImages.BottomLeft));
        Assert.True(Near(both.GetPixel(2, 2), TestImages.BottomRight));
    }

    [Theory]
    [InlineData("/img", false)]
    [InlineData("/catalog-img", true)]
    public async Task A_request_sets_the_headers_SIHs_deny_list_lets_through(string endpoint, bool isPublic)
    {
        var client = await ClientAsync(endpoint);
        var headers = """{"X-Shop":"summer","Cache-Control":"max-age=60","Content-Type":"text/html","Set-Cookie":"a=b","Access-Control-Allow-Origin":"*","X-Amz-Meta":"1","Vary":"Cookie"}""";

        var response = await client.GetAsync($"{endpoint}/{Json("""{"grayscale":true}""", $",\"headers\":{headers}")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("summer", response.Headers.GetValues("X-Shop").Single());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.False(response.Headers.Contains("X-Amz-Meta"));
        Assert.False(response.Headers.TryGetValues("Access-Control-Allow-Origin", out var origin) && origin.Contains("*"));
        Assert.DoesNotContain("Cookie", response.Headers.Vary);
        if (isPublic) Assert.Equal(TimeSpan.FromSeconds(60), response.Headers.CacheControl?.MaxAge);
        else Assert.True(response.Headers.CacheControl?.Private);
    }

    private static bool Near(SKColor a, SKColor b) => Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue) < 40;

    private static async Task<SKBitmap> ImageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        return SKBitmap.Decode(bytes);
    }

    private async Task<HttpClient> ClientAsync(string endpoint)
    {
        var catalog = endpoint == "/catalog-img";
        var client = catalog ? SignedInClient.Anonymous(app.Factory) : await app.ClientForAsync(Roles.Customer);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var owner = catalog
            ? ImagesComposition.CatalogSpace
            : (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Customer).Email))!.Id;
        var space = scope.ServiceProvider.GetRequiredService<CustomerImageSpaces>().For(owner);
        using (var quad = TestImages.Quadrants(40, 30)) await space.PutAsync(Quad, new MemoryStream(TestImages.Png(quad)), "image/png");
        using (var logo = TestImages.Flat(16, 16, SKColors.Blue)) await space.PutAsync(Logo, new MemoryStream(TestImages.Png(logo)), "image/png");
        using (var big = TestImages.Flat(100, 100, SKColors.Blue)) await space.PutAsync(Big, new MemoryStream(TestImages.Png(big)), "image/png");
        await space.PutAsync(Gif, new MemoryStream(TwoFrameGif()), "image/gif");
        return client;
    }

    /// <summary>SIH's own test/image/transparent-5x5-2page.gif: a 5x5 GIF of two frames.</summary>
    private static byte[] TwoFrameGif() => Convert.FromBase64String(
        "R0lGODlhBQAFAPAAAAAAAAAAACH/C05FVFNDQVBFMi4wAwEAAAAh+QQAFAD/ACwAAAAABQAFAAACBISPqVgAIf8LSW1hZ2VNYWdpY2sNZ2FtbWE9MC40NTQ1NQAh+QQBFAAAACwAAAAABQAFAAACBISPqVgAOw==");
}
