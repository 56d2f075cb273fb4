using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;
using SkiaSharp;

namespace Portal.Tests.Features.Images;

/// <summary>The image endpoints over HTTP: both request forms, the rendition cache, isolation, signatures, CORS.</summary>
public sealed class ImageHandlerTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private async Task<(HttpClient Client, ImageAsset Image)> UploadAsync(string role, int width = 640, int height = 480)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(role).Email);
        using var bitmap = TestImages.Photo(width, height);
        var result = await scope.ServiceProvider.GetRequiredService<ImageLibrary>().UploadAsync(user!.Id, "holiday.jpg", new MemoryStream(TestImages.Jpeg(bitmap)));
        Assert.True(result.Succeeded, result.Error);
        return (await app.ClientForAsync(role), result.Image!);
    }

    private static async Task<JsonElement> HandlerErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("message").GetString()));
        return body;
    }

    private static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new InvalidOperationException("not an image");

    [Fact]
    public async Task Thumbor_url_resizes_and_a_repeat_comes_from_the_rendition_cache()
    {
        var (client, image) = await UploadAsync(Roles.Customer);

        var first = await client.GetAsync($"/img/fit-in/200x200/{image.OriginalKey}");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("image/jpeg", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal("miss", first.Headers.GetValues("X-Image-Cache").Single());
        using (var decoded = Decode(await first.Content.ReadAsByteArrayAsync()))
            Assert.Equal((200, 150), (decoded.Width, decoded.Height));

        var repeat = await client.GetAsync($"/img/fit-in/200x200/{image.OriginalKey}");
        Assert.Equal("hit", repeat.Headers.GetValues("X-Image-Cache").Single());
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await repeat.Content.ReadAsByteArrayAsync());
        Assert.Equal(first.Headers.ETag, repeat.Headers.ETag);
        Assert.True(first.Headers.CacheControl!.Private);

        var conditional = new HttpRequestMessage(HttpMethod.Get, $"/img/fit-in/200x200/{image.OriginalKey}");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(conditional)).StatusCode);
    }

    [Fact]
    public async Task Default_base64_json_request_with_edits_and_output_format()
    {
        var (client, image) = await UploadAsync(Roles.Customer);
        var json = JsonSerializer.Serialize(new { key = image.OriginalKey, edits = new { resize = new { width = 120 }, grayscale = true }, outputFormat = "png" });
        var response = await client.GetAsync("/img/" + Convert.ToBase64String(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var decoded = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal((120, 90), (decoded.Width, decoded.Height));
        var pixel = decoded.GetPixel(60, 45);
        Assert.True(Math.Abs(pixel.Red - pixel.Green) <= 2 && Math.Abs(pixel.Green - pixel.Blue) <= 2, $"grayscale expected, got {pixel}");
    }

    [Fact]
    public async Task Bad_requests_get_the_handler_error_json()
    {
        var (client, image) = await UploadAsync(Roles.Customer);
        await HandlerErrorAsync(await client.GetAsync("/img/eyJub3QganNvbg"), 400, "DecodeRequest::CannotDecodeRequest");
        await HandlerErrorAsync(await client.GetAsync("/img/fit-in/100x100/originals/missing.jpg"), 404, "NoSuchKey");
        await HandlerErrorAsync(await client.GetAsync($"/img/999999x100/{image.OriginalKey}"), 400, "InvalidResizeException");
        var crop = JsonSerializer.Serialize(new { key = image.OriginalKey, edits = new { extract = new { left = 600, top = 0, width = 100, height = 100 } } });
        await HandlerErrorAsync(await client.GetAsync("/img/" + Convert.ToBase64String(Encoding.UTF8.GetBytes(crop))), 400, "Crop::AreaOutOfBounds");
    }

    [Fact]
    public async Task One_customer_can_never_read_another_customers_image()
    {
        var (_, theirs) = await UploadAsync(Roles.Customer);
        var (other, _) = await UploadAsync(Roles.Sales);

        await HandlerErrorAsync(await other.GetAsync($"/img/fit-in/100x100/{theirs.OriginalKey}"), 404, "NoSuchKey");
        await HandlerErrorAsync(await other.GetAsync($"/img/{theirs.OriginalKey}"), 404, "NoSuchKey");
        var customerSpace = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(theirs.OwnerUserId);
        var otherBucket = JsonSerializer.Serialize(new { bucket = "portal-customer-" + customerSpace.CustomerId, key = theirs.OriginalKey });
        await HandlerErrorAsync(await other.GetAsync("/img/" + Convert.ToBase64String(Encoding.UTF8.GetBytes(otherBucket))), 403, "ImageBucket::CannotAccessBucket");
        var traversal = await other.GetAsync($"/img/fit-in/100x100/..%2F..%2Fcustomers%2F{customerSpace.CustomerId}%2F{theirs.OriginalKey}");
        Assert.Equal(HttpStatusCode.BadRequest, traversal.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SignedInClient.Anonymous(app.Factory).GetAsync($"/img/{theirs.OriginalKey}")).StatusCode);

        await using var scope = app.Factory.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<ImageLibrary>();
        var salesId = (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("sales@portal.local"))!.Id;
        Assert.False(await library.DeleteAsync(salesId, theirs.Id));
        Assert.Null(await library.FindAsync(salesId, theirs.Id));
    }

    [Fact]
    public async Task Deleting_an_image_removes_the_original_and_its_cached_renditions()
    {
        var (client, image) = await UploadAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/img/fit-in/64x64/{image.OriginalKey}")).StatusCode);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<ImageLibrary>();
        var saved = await library.SaveRenditionAsync(image.OwnerUserId, image.Id, new Portal.Engine.Imaging.Edits.ImageEdits { Grayscale = true }, null, null);
        Assert.NotNull(saved);

        Assert.True(await library.DeleteAsync(image.OwnerUserId, image.Id));

        var space = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(image.OwnerUserId);
        Assert.Empty((await space.ListAsync($"cache/{image.OriginalKey}/")).Objects);
        Assert.Empty((await space.ListAsync($"renditions/{image.Id:N}/")).Objects);
        Assert.False(await space.ExistsAsync(image.OriginalKey));
        await HandlerErrorAsync(await client.GetAsync($"/img/fit-in/64x64/{image.OriginalKey}"), 404, "NoSuchKey");
    }

    [Fact]
    public async Task After_deleting_an_image_nothing_made_from_its_renditions_is_served_or_kept()
    {
        var (client, image) = await UploadAsync(Roles.Customer);
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var library = scope.ServiceProvider.GetRequiredService<ImageLibrary>();
        var rendition = (await library.SaveRenditionAsync(image.OwnerUserId, image.Id, new Portal.Engine.Imaging.Edits.ImageEdits { Grayscale = true }, null, null))!;
        var thumbnail = $"/img/fit-in/64x64/{rendition.Key}";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(thumbnail)).StatusCode);

        Assert.True(await library.DeleteAsync(image.OwnerUserId, image.Id));

        await HandlerErrorAsync(await client.GetAsync(thumbnail), 404, "NoSuchKey");
        var space = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(image.OwnerUserId);
        Assert.Empty((await space.ListAsync($"cache/renditions/{image.Id:N}/")).Objects);
    }

    [Fact]
    public async Task A_cached_rendition_is_never_a_source_so_nothing_is_cached_from_the_cache()
    {
        var (client, image) = await UploadAsync(Roles.Customer);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/img/fit-in/64x64/{image.OriginalKey}")).StatusCode);
        var space = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For(image.OwnerUserId);
        var cached = Assert.Single((await space.ListAsync($"cache/{image.OriginalKey}/")).Objects).Key;

        await HandlerErrorAsync(await client.GetAsync($"/img/fit-in/32x32/{cached}"), 404, "NoSuchKey");
        await HandlerErrorAsync(await client.GetAsync($"/img/{cached}"), 404, "NoSuchKey");
        Assert.Empty((await space.ListAsync("cache/cache/")).Objects);
    }

    [Fact]
    public async Task A_conditional_request_for_a_missing_or_deleted_image_is_404_not_304()
    {
        var (client, image) = await UploadAsync(Roles.Customer);
        var url = $"/img/fit-in/100x100/{image.OriginalKey}";
        var etag = (await client.GetAsync(url)).Headers.ETag!.Tag;
        HttpRequestMessage Conditional(string path, string tag) => new(HttpMethod.Get, path) { Headers = { { "If-None-Match", tag } } };
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(Conditional(url, "*"))).StatusCode);
        await using (var scope = app.Factory.Services.CreateAsyncScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ImageLibrary>().DeleteAsync(image.OwnerUserId, image.Id));

        await HandlerErrorAsync(await client.SendAsync(Conditional(url, etag)), 404, "NoSuchKey");
        await HandlerErrorAsync(await client.SendAsync(Conditional(url, "*")), 404, "NoSuchKey");
        await HandlerErrorAsync(await client.SendAsync(Conditional("/img/fit-in/100x100/originals/never-was.jpg", "*")), 404, "NoSuchKey");
    }

    [Fact]
    public async Task Product_photos_are_public_and_cacheable_by_anyone()
    {
        var space = app.Factory.Services.GetRequiredService<CustomerImageSpaces>().For("catalog");
        using var bitmap = TestImages.Photo(300, 300);
        await space.PutAsync("products/poster.jpg", new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");

        var response = await SignedInClient.Anonymous(app.Factory).GetAsync("/catalog-img/fit-in/100x100/products/poster.jpg");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Equal(TimeSpan.FromSeconds(31_536_000), response.Headers.CacheControl.MaxAge);
    }
}

public sealed class ImageUploadValidationTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    public static TheoryData<string, byte[], string> BadFiles()
    {
        using var bitmap = TestImages.Photo(200, 100);
        var jpeg = TestImages.Jpeg(bitmap);
        return new TheoryData<string, byte[], string>
        {
            { "empty", [], "empty" },
            { "truncated jpeg", jpeg[..(jpeg.Length / 3)], "decoded" },
            { "svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "SVG" },
            { "text with an image name", Encoding.UTF8.GetBytes("hello, I am not a picture"), "not" },
            { "decompression bomb", TestImages.PngDeclaring(100_000, 100_000), "pixels" },
            { "tiff (read by the handler, not an upload)", VipsSourceImages.Tiff(TestImages.Quadrants(20, 10)), "TIFF" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(string what, byte[] content, string mentions)
    {
        await using var scope = app.Factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync("customer@portal.local");
        var library = scope.ServiceProvider.GetRequiredService<ImageLibrary>();
        var before = (await library.ListAsync(user!.Id)).Count;

        var result = await library.UploadAsync(user.Id, what + ".jpg", new MemoryStream(content));

        Assert.False(result.Succeeded);
        Assert.Contains(mentions, result.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(before, (await library.ListAsync(user.Id)).Count);
    }
}

public sealed class ImageHandlerSecurityTests : IDisposable
{
    private const string Secret = "a-signing-secret-of-some-length";
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["Imaging:Handler:SigningSecret"] = Secret,
        ["Imaging:Handler:CorsOrigins:0"] = "https://shop.example.com",
    });

    [Fact]
    public async Task Signed_urls_are_required_and_checked()
    {
        var space = _factory.Services.GetRequiredService<CustomerImageSpaces>().For("catalog");
        using var bitmap = TestImages.Photo(100, 100);
        await space.PutAsync("products/signed.jpg", new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");
        var client = SignedInClient.Anonymous(_factory);
        const string path = "/fit-in/50x50/products/signed.jpg";
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(path)));

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/catalog-img" + path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/catalog-img{path}?signature={new string('0', 64)}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/catalog-img{path}?signature={signature}")).StatusCode);

        var signer = _factory.Services.GetRequiredService<Portal.Features.Images.ImageUrlSigner>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(signer.Sign("/catalog-img" + path))).StatusCode);
    }

    [Fact]
    public async Task Cors_preflight_allows_only_the_listed_sites()
    {
        var client = SignedInClient.Anonymous(_factory);
        HttpRequestMessage Preflight(string origin) => new(HttpMethod.Options, "/catalog-img/fit-in/50x50/products/x.jpg")
        {
            Headers = { { "Origin", origin }, { "Access-Control-Request-Method", "GET" } },
        };

        var allowed = await client.SendAsync(Preflight("https://shop.example.com"));
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://shop.example.com", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var other = await client.SendAsync(Preflight("https://evil.example"));
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public void A_wrong_handler_setting_stops_start_up_naming_it()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Imaging:Handler:CorsOrigins:0"] = "not a url" });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        Assert.Contains("Imaging:Handler:CorsOrigins:0", error.ToString());
    }

    public void Dispose() => _factory.Dispose();
}

public sealed class ImageUrlSignerTests
{
    [Fact]
    public void Signs_the_path_after_the_handler_prefix_only_when_a_secret_is_set()
    {
        var off = new Portal.Features.Images.ImageUrlSigner(Microsoft.Extensions.Options.Options.Create(new Portal.Features.Images.ImageHandlerOptions()));
        Assert.Equal("/img/fit-in/10x10/a.jpg", off.Sign("/img/fit-in/10x10/a.jpg"));

        var on = new Portal.Features.Images.ImageUrlSigner(Microsoft.Extensions.Options.Options.Create(new Portal.Features.Images.ImageHandlerOptions { SigningSecret = "0123456789abcdef0123" }));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("0123456789abcdef0123"), Encoding.UTF8.GetBytes("/fit-in/10x10/products/a.jpg")));
        Assert.Equal($"/catalog-img/fit-in/10x10/products/a.jpg?signature={expected}", on.Sign("/catalog-img/fit-in/10x10/products/a.jpg"));
        Assert.StartsWith("/img/a.jpg?signature=", on.Sign("/img/a.jpg"));
        Assert.Null(on.SignOrNull(null));
        var pathOnly = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("0123456789abcdef0123"), Encoding.UTF8.GetBytes("/a.jpg")));
        Assert.Equal($"/img/a.jpg?download&signature={pathOnly}", on.Sign("/img/a.jpg?download"));
        Assert.Throws<ArgumentException>(() => on.Sign("/elsewhere/a.jpg"));
    }
}
