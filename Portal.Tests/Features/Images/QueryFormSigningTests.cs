using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Storage;
using Portal.Features.Images;
using Portal.Tests.Engine.Imaging;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Images;

/// <summary>
/// Signatures that cover the query (the successor's image-request.ts) and <c>expires</c> through the catalog endpoint, with
/// a signing secret and a clock that stands still.
/// </summary>
public sealed class QueryFormSigningTests : IDisposable
{
    private const string Secret = "a-signing-secret-of-some-length", Key = "products/query-signed.png";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()).AddMilliseconds(250);
    private readonly PortalAppFactory _app = new(new Dictionary<string, string?> { ["Imaging:Handler:SigningSecret"] = Secret });
    private readonly WebApplicationFactory<Program> _factory;

    public QueryFormSigningTests() =>
        _factory = _app.WithWebHostBuilder(host => host.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new StoppedClock(Now))));

    private static string Sign(string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(stringToSign)));

    private static string Expiry(TimeSpan fromNow) => (Now + fromNow).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private async Task<HttpClient> ClientAsync()
    {
        var space = _factory.Services.GetRequiredService<CustomerImageSpaces>().For(ImagesComposition.CatalogSpace);
        using (var quad = TestImages.Quadrants(40, 30)) await space.PutAsync(Key, new MemoryStream(TestImages.Png(quad)), "image/png");
        return SignedInClient.Anonymous(_factory);
    }

    private static async Task<(HttpStatusCode Status, string? Code)> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        return response.Content.Headers.ContentType?.MediaType == "application/json"
            ? (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString())
            : (response.StatusCode, null);
    }

    [Fact]
    public async Task The_signature_covers_the_path_and_the_parameters_the_handler_reads()
    {
        var client = await ClientAsync();
        var signature = Sign($"/{Key}?format=png&width=20");

        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(client, $"/catalog-img/{Key}?width=20&format=png&signature={signature}"));
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(client, $"/catalog-img/{Key}?signature={signature}&format=png&width=20"));
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(client, $"/catalog-img/{Key}?width=20&format=png&v=2&download&signature={signature}"));
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), await GetAsync(client, $"/catalog-img/{Key}?width=21&format=png&signature={signature}"));
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), await GetAsync(client, $"/catalog-img/{Key}?width=20&format=png&grayscale=1&signature={signature}"));
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), await GetAsync(client, $"/catalog-img/{Key}?width=20&format=png&signature={Sign($"/{Key}")}"));
        Assert.Equal((HttpStatusCode.BadRequest, "AuthorizationQueryParametersError"), await GetAsync(client, $"/catalog-img/{Key}?width=20&format=png"));
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(client, $"/catalog-img/{Key}?signature={Sign($"/{Key}")}"));
    }

    [Fact]
    public async Task The_portals_signer_signs_as_the_handler_checks()
    {
        var client = await ClientAsync();
        var signer = _factory.Services.GetRequiredService<ImageUrlSigner>();

        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(client, signer.Sign($"/catalog-img/fit-in/20x20/{Key}?grayscale=true&rotate=90&expires={Expiry(TimeSpan.FromHours(1))}")));
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(client, signer.Sign($"/catalog-img/{Key}?width=20&width=30&download")));
    }

    [Fact]
    public async Task Expires_sets_the_max_age_and_is_covered_by_the_signature()
    {
        var client = await ClientAsync();
        var expires = Expiry(TimeSpan.FromSeconds(60));

        var response = await client.GetAsync($"/catalog-img/{Key}?expires={expires}&signature={Sign($"/{Key}?expires={expires}")}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(59), response.Headers.CacheControl?.MaxAge); // whole seconds left, as the successor
        Assert.True(response.Headers.CacheControl?.Public);
        var withHeaders = "/" + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"key\":\"{Key}\",\"headers\":{{\"Cache-Control\":\"max-age=5\"}}}}"));
        var overridden = await client.GetAsync($"/catalog-img{withHeaders}?expires={expires}&signature={Sign($"{withHeaders}?expires={expires}")}");
        Assert.Equal(HttpStatusCode.OK, overridden.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(59), overridden.Headers.CacheControl?.MaxAge); // expires wins over a requested Cache-Control
        var later = Expiry(TimeSpan.FromDays(1));
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"),
            await GetAsync(client, $"/catalog-img/{Key}?expires={later}&signature={Sign($"/{Key}?expires={expires}")}"));
    }

    [Fact]
    public async Task The_signature_is_checked_before_the_expiry()
    {
        var client = await ClientAsync();
        var past = Expiry(TimeSpan.FromSeconds(-1));

        Assert.Equal((HttpStatusCode.BadRequest, RequestExpiry.ExpiredCode), await GetAsync(client, $"/catalog-img/{Key}?expires={past}&signature={Sign($"/{Key}?expires={past}")}"));
        Assert.Equal((HttpStatusCode.Forbidden, "SignatureDoesNotMatch"), await GetAsync(client, $"/catalog-img/{Key}?expires={past}&signature={Sign($"/{Key}")}"));
        Assert.Equal((HttpStatusCode.BadRequest, "AuthorizationQueryParametersError"), await GetAsync(client, $"/catalog-img/{Key}?expires={past}"));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _app.Dispose();
    }

    private sealed class StoppedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class QueryImageUrlSignerTests
{
    private static ImageUrlSigner Signer(string? secret) => new(Options.Create(new ImageHandlerOptions { SigningSecret = secret }));

    private static string Hmac(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void The_successors_own_signature_example_checks() // setup.spec.ts "Should pass when the image signature is correct"
    {
        const string path = "/eyJidWNrZXQiOiJ2YWxpZEJ1Y2tldCIsImtleSI6InZhbGlkS2V5IiwiZWRpdHMiOnsidG9Gb3JtYXQiOiJwbmcifX0=";
        const string signature = "4d41311006641a56de7bca8abdbda91af254506107a2c7b338a13ca2fa95eac3";
        var query = ImageQuery.From([KeyValuePair.Create("signature", (string?)signature)]);

        Assert.Equal(signature, ImageUrlSigner.Signature("secret", query.StringToSign(path)));
    }

    [Fact]
    public void Signs_the_sorted_decoded_parameters_the_handler_reads_and_nothing_else()
    {
        const string secret = "0123456789abcdef0123";
        var signer = Signer(secret);

        Assert.Equal($"/img/a.jpg?width=10&format=png&signature={Hmac(secret, "/a.jpg?format=png&width=10")}", signer.Sign("/img/a.jpg?width=10&format=png"));
        Assert.Equal($"/img/a.jpg?download&v=1&signature={Hmac(secret, "/a.jpg")}", signer.Sign("/img/a.jpg?download&v=1"));
        Assert.Equal($"/catalog-img/a.jpg?fit=a%20b&signature={Hmac(secret, "/a.jpg?fit=a b")}", signer.Sign("/catalog-img/a.jpg?fit=a%20b"));
        Assert.Equal("/img/a.jpg?width=10", Signer(null).Sign("/img/a.jpg?width=10"));
    }
}
