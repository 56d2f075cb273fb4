using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// SIH's default fallback image (<c>Imaging:Handler:Fallback</c>) beyond the conformance cases: start-up checks, a store that
/// cannot be read, conditional requests, and that on <c>/img</c> it shows nothing of any space but the catalog's fallback.
/// </summary>
public sealed class FallbackImageTests
{
    private const string Key = "fallback/missing.png";
    private static readonly byte[] Fallback = TestImages.Png(TestImages.Flat(16, 8, SkiaSharp.SKColors.Orange));

    private static PortalAppFactory App() => new(new Dictionary<string, string?>
    {
        ["Imaging:Handler:Fallback:Enabled"] = "true",
        ["Imaging:Handler:Fallback:Key"] = Key,
        ["RateLimits:Enabled"] = "false",
    });

    private static Task PutAsync(PortalAppFactory app, string owner, string key, byte[] bytes) =>
        app.Services.GetRequiredService<CustomerImageSpaces>().For(owner).PutAsync(key, new MemoryStream(bytes), "image/png");

    [Theory]
    [InlineData(null, "Imaging:Handler:Fallback:Key is required")]
    [InlineData("  ", "Imaging:Handler:Fallback:Key is required")]
    [InlineData("/etc/passwd", "Imaging:Handler:Fallback:Key '/etc/passwd'")]
    [InlineData("cache/abc.png", "Imaging:Handler:Fallback:Key 'cache/abc.png'")]
    public void The_fallback_on_without_a_key_stops_start_up_naming_the_setting(string? key, string named)
    {
        using var app = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Imaging:Handler:Fallback:Enabled"] = "true",
            ["Imaging:Handler:Fallback:Key"] = key,
        });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var validation = error as OptionsValidationException ?? Assert.IsType<OptionsValidationException>(error.InnerException ?? error, exactMatch: false);
        Assert.Contains(named, validation.Message);
    }

    [Fact]
    public void The_fallback_is_off_by_default_and_a_key_alone_is_valid()
    {
        var options = new ImageHandlerOptions();
        Assert.False(options.Fallback.Enabled);
        Assert.True(new ImageHandlerOptionsValidator().Validate(null, new ImageHandlerOptions { Fallback = { Key = "" } }).Succeeded);
        Assert.True(new ImageHandlerOptionsValidator().Validate(null, new ImageHandlerOptions { Fallback = { Enabled = true, Key = Key } }).Succeeded);
    }

    [Fact]
    public async Task On_img_a_key_of_another_space_answers_only_the_fallback()
    {
        using var app = App();
        await PutAsync(app, ImagesComposition.CatalogSpace, Key, Fallback);
        await PutAsync(app, ImagesComposition.CatalogSpace, "products/shirt.png", TestImages.Png(TestImages.Flat(40, 40, SkiaSharp.SKColors.Blue)));
        await PutAsync(app, "othercustomer", "private/secret.png", TestImages.Png(TestImages.Flat(40, 40, SkiaSharp.SKColors.Red)));
        var client = await SignedInClient.ForRoleAsync(app, Portal.Engine.Identity.Roles.Customer);
        const string otherBucket = "someone-elses-bucket";

        var catalogKey = await client.GetAsync("/img/products/shirt.png");
        var otherKey = await client.GetAsync("/img/private/secret.png");
        var nothing = await client.GetAsync("/img/private/none.png");
        var otherSpace = await client.GetAsync("/img/" + Convert.ToBase64String(
            System.Text.Encoding.UTF8.GetBytes($$"""{"bucket":"{{otherBucket}}","key":"private/secret.png"}""")));
        var otherSpaceNothing = await client.GetAsync("/img/" + Convert.ToBase64String(
            System.Text.Encoding.UTF8.GetBytes($$"""{"bucket":"{{otherBucket}}","key":"private/none.png"}""")));

        foreach (var (response, status) in new[] { (catalogKey, 404), (otherKey, 404), (nothing, 404), (otherSpace, 403), (otherSpaceNothing, 403) })
        {
            Assert.Equal(status, (int)response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Fallback, await response.Content.ReadAsByteArrayAsync());
            Assert.True(response.Headers.CacheControl is { Private: true, Public: false });
            Assert.Null(response.Headers.ETag);
        }
    }

    [Fact]
    public async Task A_conditional_request_still_gets_the_error_status_with_the_fallback()
    {
        using var app = App();
        await PutAsync(app, ImagesComposition.CatalogSpace, Key, Fallback);
        var client = SignedInClient.Anonymous(app);
        var first = await client.GetAsync("/catalog-img/fit-in/50x50/products/none.jpg");
        Assert.Equal(HttpStatusCode.NotFound, first.StatusCode);
        var lastModified = first.Content.Headers.LastModified;
        Assert.NotNull(lastModified);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/catalog-img/fit-in/50x50/products/none.jpg");
        again.Headers.IfModifiedSince = lastModified;
        again.Headers.Range = new System.Net.Http.Headers.RangeHeaderValue(0, 3);
        var response = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(Fallback, await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.CacheControl is { Public: true, Private: false } c && c.MaxAge == TimeSpan.FromSeconds(31_536_000));
    }

    [Fact]
    public async Task A_store_that_cannot_be_read_is_the_json_error_not_a_500()
    {
        using var app = App();
        using var factory = app.WithWebHostBuilder(host => host.ConfigureTestServices(services =>
            services.AddSingleton<IObjectStore>(new UnreadableStore(new FileSystemObjectStore(Path.Combine(app.DataDirectory, "objects"))))));

        var response = await SignedInClient.Anonymous(factory).GetAsync("/catalog-img/fit-in/50x50/products/any.jpg");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ImageHandlerFailure.StoreUnavailable, body.GetProperty("code").GetString());
    }

    /// <summary>A store whose reads fail as an unreachable S3 would (the source's and the fallback's alike).</summary>
    private sealed class UnreadableStore(IObjectStore inner) : IObjectStore
    {
        private static IOException Down() => new("socket closed");
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
