using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Portal.Composition.RateLimits;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Security;

/// <summary>Each limit, once used up, answers 429 with Retry-After and the body its clients read; health checks are never limited.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?>
    {
        ["RateLimits:WindowSeconds"] = "600",
        ["RateLimits:SignInPerAddress"] = "2",
        ["RateLimits:ImagesPerCaller"] = "2",
        ["RateLimits:AnalyticsQueriesPerCaller"] = "1",
        ["RateLimits:AthenaCallsPerCaller"] = "1",
        ["RateLimits:AnonymousPerAddress"] = "3",
    });

    [Fact]
    public async Task Sign_in_attempts_past_the_limit_get_429_problem_with_retry_after()
    {
        var client = SignedInClient.Anonymous(_factory);
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostSignInAsync(client, "nobody@example.com", "wrong-Passw0rd")).StatusCode);
        var refused = await SignedInClient.PostSignInAsync(client, "nobody@example.com", "wrong-Passw0rd");
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        AssertRetryAfter(refused, out var seconds);
        Assert.Contains($"sign-in attempts from this address; retry after {seconds} s", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Image_handler_refusals_are_in_the_handlers_own_error_shape()
    {
        var client = SignedInClient.Anonymous(_factory);
        for (var i = 0; i < 2; i++) Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/catalog-img/fit-in/50x50/none.jpg")).StatusCode);
        var refused = await client.GetAsync("/catalog-img/fit-in/50x50/none.jpg");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRetryAfter(refused, out _);
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, body.GetProperty("status").GetInt32());
        Assert.Equal(RateLimitRejection.ImageHandlerCode, body.GetProperty("code").GetString());
        Assert.Contains("retry after", body.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Aws_refusals_are_a_throttling_exception()
    {
        var client = SignedInClient.Anonymous(_factory);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await client.GetAsync("/aws/athena")).StatusCode);
        var refused = await client.GetAsync("/aws/athena");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        AssertRetryAfter(refused, out _);
        Assert.Equal("ThrottlingException", Assert.Single(refused.Headers.GetValues("x-amzn-ErrorType")));
        var body = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ThrottlingException", body.GetProperty("__type").GetString());
    }

    [Fact]
    public async Task Analytics_queries_are_limited_per_user()
    {
        var analyst = await SignedInClient.ForRoleAsync(_factory, Roles.Analyst);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await analyst.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" })).StatusCode);
        var refused = await analyst.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" });
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        AssertRetryAfter(refused, out _);
        Assert.Contains("Too many analytics queries", problem.GetProperty("detail").GetString());
        // Another user has an allowance of their own.
        var admin = await SignedInClient.ForRoleAsync(_factory, Roles.Admin);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await admin.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" })).StatusCode);
    }

    [Fact]
    public async Task Anonymous_requests_are_limited_per_address_but_health_checks_never()
    {
        var client = SignedInClient.Anonymous(_factory);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/catalog/categories")).StatusCode);
        var refused = await client.GetAsync("/api/catalog/categories");
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.TooManyRequests);
        AssertRetryAfter(refused, out _);
        Assert.Contains("sign in or retry after", problem.GetProperty("detail").GetString());
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static void AssertRetryAfter(HttpResponseMessage response, out int seconds)
    {
        seconds = (int)response.Headers.RetryAfter!.Delta!.Value.TotalSeconds;
        Assert.InRange(seconds, 1, 600);
    }

    public void Dispose() => _factory.Dispose();
}
