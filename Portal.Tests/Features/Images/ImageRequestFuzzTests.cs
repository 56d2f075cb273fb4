using System.Net.Http.Headers;
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

namespace Portal.Tests.Features.Images;

/// <summary>
/// No request ends in a 500: every request of <see cref="ImageRequestFuzzCases"/>, in each form, against <c>/img</c> and
/// <c>/catalog-img</c> over a real source and overlay, is either an image or a 4xx in Serverless Image Handler's error shape.
/// </summary>
public sealed class ImageRequestFuzzTests(UnthrottledAppFixture app) : IClassFixture<UnthrottledAppFixture>
{
    public static TheoryData<string> Endpoints() => ["/img", "/catalog-img"];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_default_request_is_an_image_or_a_4xx_in_the_handlers_shape(string endpoint)
    {
        var client = await ClientWithSourcesAsync(endpoint);
        var paths = ImageRequestFuzzCases.DefaultRequests().Select(json => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)))
            .Concat(ImageRequestFuzzCases.InvalidUtf8Requests()).ToList();

        await AssertNoServerErrorsAsync(client, endpoint, paths, minimumCases: 2000);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_thumbor_request_is_an_image_or_a_4xx_in_the_handlers_shape(string endpoint)
    {
        var client = await ClientWithSourcesAsync(endpoint);

        await AssertNoServerErrorsAsync(client, endpoint, ImageRequestFuzzCases.ThumborPaths().ToList(), minimumCases: 1000);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_query_parameter_request_is_an_image_or_a_4xx_in_the_handlers_shape(string endpoint)
    {
        var client = await ClientWithSourcesAsync(endpoint);

        await AssertNoServerErrorsAsync(client, endpoint, ImageRequestFuzzCases.QueryRequests().ToList(), minimumCases: 1500);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Random_nested_documents_are_an_image_or_a_4xx_in_the_handlers_shape(string endpoint)
    {
        var client = await ClientWithSourcesAsync(endpoint);
        var random = new Random(14); // fixed seed: a failure names its document, and the run repeats it
        var paths = Enumerable.Range(0, 300).Select(_ =>
        {
            var edits = string.Join(',', Enumerable.Range(0, random.Next(1, 5)).Select(_ =>
                $"\"{ImageRequestFuzzCases.Edits[random.Next(ImageRequestFuzzCases.Edits.Length)]}\":{RandomValue(random, 3)}"));
            return Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"key\":\"{ImageRequestFuzzCases.Key}\",\"edits\":{{{edits}}}}}"));
        }).ToList();

        await AssertNoServerErrorsAsync(client, endpoint, paths, minimumCases: 300);
    }

    private static string RandomValue(Random random, int depth)
    {
        var leaves = ImageRequestFuzzCases.Values.Where(v => v.Length < 100).ToArray();
        if (depth == 0 || random.Next(3) > 0) return leaves[random.Next(leaves.Length)];
        string[] fields = ["width", "height", "left", "top", "fit", "key", "sigma", "quality", "background", "kernel", "r", "alpha", "options"];
        return random.Next(2) == 0
            ? "[" + string.Join(',', Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth - 1))) + "]"
            : "{" + string.Join(',', Enumerable.Range(0, random.Next(1, 5)).Select(_ => $"\"{fields[random.Next(fields.Length)]}\":{RandomValue(random, depth - 1)}")) + "}";
    }

    internal static async Task AssertNoServerErrorsAsync(HttpClient client, string endpoint, List<string> paths, int minimumCases)
    {
        Assert.True(paths.Count >= minimumCases, $"only {paths.Count} cases");
        var failures = new List<string>();
        var refused = 0;
        foreach (var path in paths)
        {
            var response = await client.GetAsync($"{endpoint}/{path}");
            var problem = await ProblemAsync(response);
            if (problem is not null) failures.Add($"{path} ({Decoded(path)}): {problem}");
            if (!response.IsSuccessStatusCode) refused++;
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {paths.Count} requests broke the rule:\n" + string.Join('\n', failures.Take(40)));
        // The table is not all images nor all refusals: both outcomes are exercised.
        Assert.InRange(refused, paths.Count / 20, paths.Count - paths.Count / 20);
    }

    /// <summary>What is wrong with the answer, or null when it is an image or a 4xx in the handler's shape.</summary>
    private static async Task<string?> ProblemAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var type = response.Content.Headers.ContentType?.MediaType;
        var body = await response.Content.ReadAsStringAsync();
        if (status is 200) return type?.StartsWith("image/") == true ? null : $"200 with {type}";
        if (status is < 400 or >= 500) return $"status {status}: {Truncate(body)}";
        if (type != "application/json") return $"{status} with {type}: {Truncate(body)}";
        try
        {
            var json = JsonDocument.Parse(body).RootElement;
            var names = json.EnumerateObject().Select(p => p.Name).Order().ToArray();
            if (!names.SequenceEqual(["code", "message", "status"])) return $"{status} body {Truncate(body)}";
            if (json.GetProperty("status").GetInt32() != status) return $"{status} body says {json.GetProperty("status")}";
            if (string.IsNullOrWhiteSpace(json.GetProperty("code").GetString()) || string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()))
                return $"{status} without code or message";
            return null;
        }
        catch (JsonException)
        {
            return $"{status} not JSON: {Truncate(body)}";
        }
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private static string Decoded(string path)
    {
        try { return Truncate(Encoding.UTF8.GetString(Convert.FromBase64String(path.Split('?')[0]))); }
        catch (FormatException) { return "thumbor"; }
    }

    private Task<HttpClient> ClientWithSourcesAsync(string endpoint) =>
        ClientWithSourcesAsync(app.Factory, endpoint == "/catalog-img" ? null : () => app.ClientForAsync(Roles.Customer), endpoint);

    /// <summary>The endpoint's client with the fuzz source and overlay in the space it reads.</summary>
    internal static async Task<HttpClient> ClientWithSourcesAsync(PortalAppFactory factory, Func<Task<HttpClient>>? signIn, string endpoint)
    {
        var catalog = endpoint == "/catalog-img";
        var client = catalog || signIn is null ? SignedInClient.Anonymous(factory) : await signIn();
        await using var scope = factory.Services.CreateAsyncScope();
        var owner = catalog
            ? ImagesComposition.CatalogSpace
            : (await scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>().FindByEmailAsync(DemoAccounts.For(Roles.Customer).Email))!.Id;
        var space = scope.ServiceProvider.GetRequiredService<CustomerImageSpaces>().For(owner);
        using (var photo = TestImages.Photo(64, 48))
            await space.PutAsync(ImageRequestFuzzCases.Key, new MemoryStream(TestImages.Jpeg(photo)), "image/jpeg");
        using (var logo = TestImages.Quadrants(16, 12))
            await space.PutAsync(ImageRequestFuzzCases.OverlayKey, new MemoryStream(TestImages.Png(logo)), "image/png");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("image/*"));
        return client;
    }
}
