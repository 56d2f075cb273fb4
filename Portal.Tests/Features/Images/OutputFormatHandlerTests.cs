using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>Each output format and animated GIFs through both image endpoints, as Serverless Image Handler answers them.</summary>
public sealed class OutputFormatHandlerTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private const string Photo = "formats/photo.jpg", Animation = "formats/three-frames.gif";

    private static string B64(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    public static TheoryData<string, string, string, string> Formats()
    {
        var data = new TheoryData<string, string, string, string>();
        (string Format, string ContentType, string Loader)[] rows =
        [
            ("jpeg", "image/jpeg", "jpegload_buffer"), ("png", "image/png", "pngload_buffer"), ("webp", "image/webp", "webpload_buffer"),
            ("gif", "image/gif", "gifload_buffer"), ("tiff", "image/tiff", "tiffload_buffer"), ("avif", "image/avif", "heifload_buffer"),
            ("heif", "image/heif", "heifload_buffer"),
        ];
        foreach (var endpoint in new[] { "/img", "/catalog-img" })
            foreach (var (format, contentType, loader) in rows)
                data.Add(endpoint, format, contentType, loader);
        return data;
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Default_output_format_and_thumbor_format_filter_give_each_format(string endpoint, string format, string contentType, string loader)
    {
        var client = await ClientAsync(endpoint);

        foreach (var path in new[]
                 {
                     B64($"{{\"key\":\"{Photo}\",\"edits\":{{\"resize\":{{\"width\":32}}}},\"outputFormat\":\"{format}\"}}"),
                     $"fit-in/32x32/filters:format({format})/{Photo}",
                 })
        {
            var response = await client.GetAsync($"{endpoint}/{path}");
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
            Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
            var decoded = AnimatedGifs.Read(bytes);
            Assert.Equal((loader, 32, 24), (decoded.Loader, decoded.Width, decoded.Height));
        }
    }

    [Theory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task An_animated_gif_stays_animated_unless_animated_false(string endpoint)
    {
        var client = await ClientAsync(endpoint);

        var animated = AnimatedGifs.Read(await OkAsync(client, $"{endpoint}/fit-in/20x20/{Animation}"));
        var still = AnimatedGifs.Read(await OkAsync(client, $"{endpoint}/fit-in/20x20/filters:animated(false)/{Animation}"));
        var json = AnimatedGifs.Read(await OkAsync(client, $"{endpoint}/{B64($"{{\"key\":\"{Animation}\",\"edits\":{{\"resize\":{{\"width\":20}}}}}}")}"));

        Assert.Equal((20, 15, 3), (animated.Width, animated.Height, animated.Frames));
        Assert.Equal(AnimatedGifs.Delays, animated.Delays);
        Assert.Equal((20, 15, 1), (still.Width, still.Height, still.Frames));
        Assert.Equal((3, AnimatedGifs.Loop), (json.Frames, json.Loop));
    }

    [SkippableTheory]
    [InlineData("/img")]
    [InlineData("/catalog-img")]
    public async Task Heic_is_answered_as_image_heic(string endpoint)
    {
        OutputFormatTests.RequireSystemHeif();
        var client = await ClientAsync(endpoint);

        var response = await client.GetAsync($"{endpoint}/fit-in/32x32/filters:format(heic)/{Photo}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/heic", response.Content.Headers.ContentType?.MediaType);
        using var header = NetVips.Image.NewFromBuffer(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(("hevc", 32, 24), ((string)header.Get("heif-compression"), header.Width, header.Height));
    }

    [Theory]
    [InlineData("/img", "raw")]
    [InlineData("/catalog-img", "raw")]
    [InlineData("/img", "jxl")]
    public async Task A_format_not_written_here_is_SIHs_400_naming_it(string endpoint, string format)
    {
        var client = await ClientAsync(endpoint);

        var response = await client.GetAsync($"{endpoint}/{B64($"{{\"key\":\"{Photo}\",\"outputFormat\":\"{format}\"}}")}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.Equal("ImageEdits::UnsupportedOutputFormat", body.GetProperty("code").GetString());
        Assert.Contains($"'{format}'", body.GetProperty("message").GetString());
    }

    private static async Task<byte[]> OkAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        return bytes;
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
        using (var photo = TestImages.Photo(64, 48)) await space.PutAsync(Photo, new MemoryStream(TestImages.Jpeg(photo)), "image/jpeg");
        await space.PutAsync(Animation, new MemoryStream(AnimatedGifs.ThreeFrames(40, 30)), "image/gif");
        return client;
    }
}
