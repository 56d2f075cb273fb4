using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>The image endpoints under settings other than the defaults: auto-WebP, CORS, output limits, a failing store.</summary>
public sealed class ImageHandlerSettingsTests
{
    private static async Task PutProductAsync(PortalAppFactory factory, string key, int size = 100)
    {
        using var bitmap = TestImages.Photo(size, size);
        await factory.Services.GetRequiredService<CustomerImageSpaces>().For("catalog").PutAsync(key, new MemoryStream(TestImages.Jpeg(bitmap)), "image/jpeg");
    }

    private static async Task<JsonElement> HandlerErrorAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        return body;
    }

    [Fact]
    public async Task Download_gives_the_stored_bytes_and_type_even_with_auto_webp()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Imaging:AutoWebp"] = "true" });
        await using var scope = factory.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Customer).Email);
        using var bitmap = TestImages.Photo(320, 240);
        var bytes = TestImages.Jpeg(bitmap);
        var image = (await scope.ServiceProvider.GetRequiredService<ImageLibrary>().UploadAsync(user!.Id, "holiday.jpg", new MemoryStream(bytes))).Image!;
        var client = await SignedInClient.ForRoleAsync(factory, Roles.Customer);
        HttpRequestMessage FromChromium(string url) => new(HttpMethod.Get, url)
        {
            Headers = { { "Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8" } },
        };

        var download = await client.SendAsync(FromChromium(ImageView.Download(image.OriginalKey)));
        var shown = await client.SendAsync(FromChromium($"/img/{image.OriginalKey}"));

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/jpeg", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain("Accept", download.Headers.Vary);
        Assert.Equal("image/webp", shown.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Accept", shown.Headers.Vary);
    }

    [Fact]
    public async Task Public_cors_responses_vary_by_origin_and_by_accept_with_auto_webp()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Imaging:Handler:CorsOrigins:0"] = "https://shop.example.com",
            ["Imaging:AutoWebp"] = "true",
        });
        await PutProductAsync(factory, "products/vary.jpg");
        var request = new HttpRequestMessage(HttpMethod.Get, "/catalog-img/fit-in/50x50/products/vary.jpg") { Headers = { { "Origin", "https://shop.example.com" } } };

        var response = await SignedInClient.Anonymous(factory).SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("https://shop.example.com", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.True(response.Headers.CacheControl!.Public);
        Assert.Contains("Origin", response.Headers.Vary);
        Assert.Contains("Accept", response.Headers.Vary);
    }

    [Fact]
    public async Task An_unexpected_failure_is_the_handlers_json_500_without_internals()
    {
        // libwebp cannot write wider than 16383 px, which Imaging:MaxOutputWidth may allow: the encoder fails.
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Imaging:MaxOutputWidth"] = "20000" });
        await PutProductAsync(factory, "products/wide.jpg");

        var response = await SignedInClient.Anonymous(factory).GetAsync("/catalog-img/20000x10/filters:format(webp)/products/wide.jpg");

        var body = await HandlerErrorAsync(response, 500, ImageHandlerFailure.InternalError);
        Assert.Equal("Internal error. Please contact the system administrator.", body.GetProperty("message").GetString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_store_outage_is_the_handlers_json_502()
    {
        using var app = new PortalAppFactory();
        using var factory = app.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.AddSingleton<IObjectStore>(new UnreadableStore(new FileSystemObjectStore(Path.Combine(app.DataDirectory, "objects"))))));

        var response = await SignedInClient.Anonymous(factory).GetAsync("/catalog-img/fit-in/50x50/products/any.jpg");

        var body = await HandlerErrorAsync(response, 502, ImageHandlerFailure.StoreUnavailable);
        Assert.DoesNotContain("socket", body.GetProperty("message").GetString());
    }

    /// <summary>A store whose reads fail as an unreachable S3 would.</summary>
    private sealed class UnreadableStore(IObjectStore inner) : IObjectStore
    {
        private static IOException Down() => new("socket closed by 10.0.0.7");
        public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);
        public Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
            CancellationToken cancellationToken = default) => inner.PutAsync(bucket, key, content, contentType, metadata, cancellationToken);
        public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default) => throw Down();
        public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default) => throw Down();
        public Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null,
            CancellationToken cancellationToken = default) => inner.ListAsync(bucket, prefix, pageSize, continuationToken, cancellationToken);
        public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(bucket, key, cancellationToken);
        public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.DeleteBucketAsync(bucket, cancellationToken);
    }
}
