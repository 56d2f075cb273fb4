using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;
using SkiaSharp;

namespace Portal.Tests.Features.Images;

/// <summary>One app with SIH's custom form set: <c>/thumbs/N/KEY</c> is rewritten to <c>/fit-in/NxN/KEY</c>.</summary>
public sealed class CustomRewriteApp : IDisposable
{
    public PortalAppFactory Factory { get; } = new(new Dictionary<string, string?>
    {
        ["Imaging:RewriteMatchPattern"] = @"/^\/thumbs\/(\d+)\/(.*)$/i",
        ["Imaging:RewriteSubstitution"] = "/fit-in/$1x$1/$2",
        ["RateLimits:Enabled"] = "false", // the Thumbor fuzz table is thousands of requests; limits are tested on their own
    });

    public void Dispose() => Factory.Dispose();
}

/// <summary>SIH's custom (rewrite) request form, on both endpoints: rewritten, then read as a Thumbor path; never a 500.</summary>
public sealed class CustomRequestFormTests(CustomRewriteApp app) : IClassFixture<CustomRewriteApp>
{
    public static TheoryData<string> Endpoints() => ["/img", "/catalog-img"];

    private Task<HttpClient> ClientAsync(string endpoint) =>
        ImageRequestFuzzTests.ClientWithSourcesAsync(app.Factory, () => SignedInClient.ForRoleAsync(app.Factory, Roles.Customer), endpoint);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_custom_path_is_rewritten_then_read_as_thumbor(string endpoint)
    {
        var client = await ClientAsync(endpoint);

        var rewritten = await client.GetAsync($"{endpoint}/THUMBS/16/{ImageRequestFuzzCases.Key}");
        var thumbor = await client.GetAsync($"{endpoint}/fit-in/16x16/filters:grayscale()/{ImageRequestFuzzCases.Key}");

        using var image = SKBitmap.Decode(await rewritten.Content.ReadAsByteArrayAsync());
        Assert.Equal((16, 12), (image.Width, image.Height));
        Assert.Equal(System.Net.HttpStatusCode.OK, thumbor.StatusCode); // a path the pattern does not match stays a Thumbor path
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_custom_request_is_an_image_or_a_4xx_in_the_handlers_shape(string endpoint)
    {
        var client = await ClientAsync(endpoint);
        var paths = ImageRequestFuzzCases.ThumborPaths().Select(p => "thumbs/7/" + p)
            .Concat(["thumbs/0/" + ImageRequestFuzzCases.Key, "thumbs/99999999999/" + ImageRequestFuzzCases.Key, "thumbs/5/", "thumbs//x.jpg"]).ToList();

        await ImageRequestFuzzTests.AssertNoServerErrorsAsync(client, endpoint, paths, minimumCases: 1000);
    }
}
