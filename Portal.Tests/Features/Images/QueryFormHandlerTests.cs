using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;
using SkiaSharp;

namespace Portal.Tests.Features.Images;

/// <summary>
/// The successor's query-parameter form through both endpoints: edits alone or spread over a Thumbor or Default path,
/// its refusals (expires included) in the handler's JSON, Thumbor's smart crop, and what the catalog keeps.
/// The source is a 40x30 image of four coloured quadrants.
/// </summary>
public sealed class QueryFormHandlerTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private const string Quad = "query/quad.png", Salient = "query/salient.png";

    private static string Json(string edits) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"key\":\"{Quad}\",\"edits\":{edits}}}"));

    public static TheoryData<string, string, int, int> Sizes()
    {
        var data = new TheoryData<string, string, int, int>();
        (string Url, int Width, int Height)[] rows =
        [
            ($"{Quad}?width=20", 20, 15),
            ($"{Quad}?height=15", 20, 15),
            ($"{Quad}?width=20&height=20&fit=fill", 20, 20),
            ($"{Quad}?width=20&height=20&fit=inside", 20, 15),
            ($"{Quad}?width=0&height=0", 40, 30),
            ($"{Quad}?unknown=1&width=20", 20, 15),
            ($"{Quad}?rotate=90", 30, 40),
            ($"fit-in/20x20/{Quad}?rotate=90", 15, 20),
            ($"fit-in/10x10/{Quad}?width=20", 20, 15), // the query's resize replaces the path's whole resize
            ($"filters:rotate(90)/{Quad}?width=20&height=10&fit=fill", 20, 10), // the path's rotate comes first: turned, then resized
            ($"20x10/filters:rotate(90)/{Quad}?fit=fill&width=20&height=10", 10, 20), // the path's resize comes first
            ($"{Json("""{"resize":{"width":10}}""")}?height=6", 8, 6),
        ];
        foreach (var endpoint in new[] { "/img", "/catalog-img" })
            foreach (var (url, width, height) in rows)
                data.Add(endpoint, url, width, height);
        return data;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Query_edits_alone_or_over_a_path_give_the_successors_sizes(string endpoint, string url, int width, int height)
    {
        var client = await ClientAsync(endpoint);

        using var image = await ImageAsync(client, $"{endpoint}/{url}");

        Assert.Equal((width, height), (image.Width, image.Height));
    }

    [Theory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task Format_and_quality_choose_the_output(string endpoint)
    {
        var client = await ClientAsync(endpoint);
        async Task<(string? Type, int Length)> Get(string url)
        {
            var response = await client.GetAsync($"{endpoint}/{url}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response.Content.Headers.ContentType?.MediaType, (await response.Content.ReadAsByteArrayAsync()).Length);
        }

        Assert.Equal("image/webp", (await Get($"{Quad}?format=webp")).Type);
        Assert.Equal("image/png", (await Get($"fit-in/20x20/filters:format(jpeg)/{Quad}?format=png")).Type);
        Assert.Equal("image/jpeg", (await Get($"{Json("""{"toFormat":"png"}""")}?format=jpg")).Type);
        var (_, low) = await Get($"{Salient}?format=jpeg&quality=5");
        var (_, high) = await Get($"{Salient}?format=jpeg&quality=100");
        Assert.True(low < high, $"quality 5: {low} bytes, quality 100: {high} bytes");
    }

    [Theory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task Flags_flip_flop_and_grayscale(string endpoint)
    {
        var client = await ClientAsync(endpoint);
        async Task<SKColor> TopLeft(string query) { using var i = await ImageAsync(client, $"{endpoint}/{Quad}?format=png&{query}"); return i.GetPixel(2, 2); }

        Assert.True(Near(await TopLeft("flip=true"), TestImages.BottomLeft));
        Assert.True(Near(await TopLeft("flop=1"), TestImages.TopRight));
        Assert.True(Near(await TopLeft("flip=false&flop=0"), TestImages.TopLeft));
        Assert.True(Near(await TopLeft($"flip"), TestImages.TopLeft)); // "" is off
        var grey = await TopLeft("grayscale=true");
        Assert.True(grey.Red == grey.Green && grey.Green == grey.Blue, grey.ToString());
    }

    public static TheoryData<string, string, int, string, string?> Refusals()
    {
        var data = new TheoryData<string, string, int, string, string?>();
        (string Url, int Status, string Code, string? Message)[] rows =
        [
            ($"{Quad}?expires=19700101T000000Z", 400, RequestExpiry.ExpiredCode, "Request has expired."),
            ($"{Quad}?expires=19700001T000000Z", 400, RequestExpiry.FormatCode, RequestExpiry.FormatMessage),
            ($"{Quad}?expires=", 400, RequestExpiry.FormatCode, RequestExpiry.FormatMessage),
            ($"{Quad}?width=abc", 400, "InvalidResizeException", null),
            ($"{Quad}?width=-5", 400, "InvalidResizeException", "The image size is invalid."),
            ($"{Quad}?width=5&fit=sideways", 400, "InvalidResizeException", null),
            ($"{Quad}?format=bmp", 400, "ImageEdits::UnsupportedOutputFormat", null),
            ($"{Quad}?quality=101", 400, "ImageEdits::InvalidEdit", null),
            ($"{Quad}?rotate=x", 400, "ImageEdits::InvalidEdit", null),
            ("query/none.png?width=5", 404, "NoSuchKey", null),
        ];
        foreach (var endpoint in new[] { "/img", "/catalog-img" })
            foreach (var (url, status, code, message) in rows)
                data.Add(endpoint, url, status, code, message);
        return data;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refusals_are_the_handlers_json(string endpoint, string url, int status, string code, string? message)
    {
        var client = await ClientAsync(endpoint);

        var response = await client.GetAsync($"{endpoint}/{url}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"{url}: {(int)response.StatusCode} {body}");
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((code, status), (json.GetProperty("code").GetString(), json.GetProperty("status").GetInt32()));
        if (message is not null) Assert.Equal(message, json.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task Thumbor_smart_crops_keep_what_the_attention_strategy_finds(string endpoint)
    {
        var client = await ClientAsync(endpoint);

        using var smart = await ImageAsync(client, $"{endpoint}/20x20/smart/filters:format(png)/{Salient}");
        using var centre = await ImageAsync(client, $"{endpoint}/20x20/filters:format(png)/{Salient}");

        Assert.True(Near(smart.GetPixel(10, 10), SKColors.Red), smart.GetPixel(10, 10).ToString());
        Assert.True(Near(centre.GetPixel(10, 10), SKColors.Gray), centre.GetPixel(10, 10).ToString());
    }

    [Fact]
    public async Task The_catalog_keeps_no_unsigned_rendition_with_query_edits_even_at_the_portals_own_size()
    {
        const string key = "products/query-edits.png";
        var space = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(ImagesComposition.CatalogSpace);
        using (var quad = TestImages.Quadrants(400, 300)) await space.PutAsync(key, new MemoryStream(TestImages.Png(quad)), "image/png");
        var anonymous = SignedInClient.Anonymous(app.Factory);

        foreach (var width in new[] { 5, 6, 7 })
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync($"{CatalogPhotos.Url(key, CatalogPhotos.PhotoSize, CatalogPhotos.PhotoSize)}?width={width}")).StatusCode);

        Assert.Empty((await space.ListAsync($"cache/{key}/")).Objects);
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
        using (var salient = SalientImage()) await space.PutAsync(Salient, new MemoryStream(TestImages.Png(salient)), "image/png");
        return client;
    }

    /// <summary>60x20 grey with a red square on the left: the attention strategy's window is there, the centre crop is grey.</summary>
    private static SKBitmap SalientImage()
    {
        var bitmap = TestImages.Flat(60, 20, SKColors.Gray);
        using var canvas = new SKCanvas(bitmap);
        using var red = new SKPaint { Color = SKColors.Red };
        canvas.DrawRect(new SKRect(4, 4, 16, 16), red);
        return bitmap;
    }
}
