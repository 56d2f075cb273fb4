using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

/// <summary>
/// Every mapped API endpoint, found in the app's own endpoint data source, fed bad input (unreadable JSON, a wrong
/// content type, missing fields, bad and huge ids and numbers, bad query values): the answer is never a 500, and every
/// refusal is application/problem+json. (/img and /catalog-img answer with the image handler's own JSON; tested there.)
/// </summary>
public sealed class EndpointErrorShapeTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private static readonly string[] BadIds = ["0", "-1", "2147483648", "99999999999999999999", "abc"];

    private const string BadQuery = "?page=abc&pageSize=99999999999&from=not-a-date&to=9999-99-99&version=x&status=Nope&sort=zzz&desc=maybe&search=%00";

    private static readonly (string Name, Func<HttpContent?> Body)[] BadBodies =
    [
        ("none", () => null),
        ("broken JSON", () => new StringContent("{\"name\": ", Encoding.UTF8, "application/json")),
        ("wrong content type", () => new StringContent("name=x", Encoding.UTF8, "text/plain")),
        ("empty object", () => new StringContent("{}", Encoding.UTF8, "application/json")),
        ("JSON array", () => new StringContent("[1,2]", Encoding.UTF8, "application/json")),
        ("huge numbers", () => new StringContent("{\"name\":\"x\",\"sku\":\"X-1\",\"price\":1e400,\"stock\":99999999999999999999,\"weightGrams\":-1,\"version\":1e30}", Encoding.UTF8, "application/json")),
        ("wrong types", () => new StringContent("{\"name\":5,\"price\":\"cheap\",\"carrier\":[],\"trackingNumber\":{}}", Encoding.UTF8, "application/json")),
    ];

    private List<(string Method, string Template)> ApiEndpoints()
    {
        var sources = app.Factory.Services.GetRequiredService<EndpointDataSource>();
        return sources.Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"], Template: "/" + e.RoutePattern.RawText!.TrimStart('/')))
            .Where(e => e.Template.StartsWith("/api/") && !e.Template.StartsWith("/api/docs"))
            .SelectMany(e => e.Methods.Select(m => (m, e.Template)))
            .Distinct().ToList();
    }

    [Fact]
    public void The_walk_finds_the_apis()
    {
        var endpoints = ApiEndpoints();
        Assert.Contains(endpoints, e => e == ("POST", "/api/catalog/"));
        Assert.Contains(endpoints, e => e == ("POST", "/api/logistics/orders/{id:int}/shipment"));
        Assert.Contains(endpoints, e => e.Template.StartsWith("/api/account"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Customer)]
    public async Task Every_endpoint_answers_bad_input_with_a_problem_and_never_a_500(string? role)
    {
        var client = role is null ? SignedInClient.Anonymous(app.Factory) : await app.ClientForAsync(role);
        var failures = new List<string>();
        foreach (var (method, template) in ApiEndpoints())
        foreach (var id in BadIds)
        {
            var path = System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", id);
            var bodies = method is "GET" or "DELETE" ? BadBodies.Take(1) : BadBodies;
            foreach (var (name, body) in bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path + BadQuery) { Content = body() };
                using var response = await client.SendAsync(request);
                var type = response.Content.Headers.ContentType?.MediaType;
                if (response.StatusCode >= HttpStatusCode.InternalServerError)
                    failures.Add($"{method} {path} ({name}): {(int)response.StatusCode}");
                else if ((int)response.StatusCode >= 400 && type != "application/problem+json")
                    failures.Add($"{method} {path} ({name}): {(int)response.StatusCode} as {type ?? "no body"}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures.Distinct().Take(40)));
    }
}
