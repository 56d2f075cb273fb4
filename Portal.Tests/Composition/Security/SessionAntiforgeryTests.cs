using System.Net;
using System.Net.Http.Json;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Security;

/// <summary>Changes made with the session cookie need the antiforgery token, bodiless POSTs and DELETEs included; key callers need none.</summary>
public sealed class SessionAntiforgeryTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private const string Header = "RequestVerificationToken";

    [Theory]
    [InlineData("POST", "/api/catalog/1/restore")]
    [InlineData("DELETE", "/api/catalog/1")]
    [InlineData("DELETE", "/api/catalog/1/photo")]
    [InlineData("POST", "/api/images/00000000-0000-0000-0000-000000000001/retry")]
    [InlineData("DELETE", "/api/images/00000000-0000-0000-0000-000000000001")]
    [InlineData("POST", "/api/logistics/orders/1/completion")]
    [InlineData("POST", "/api/analytics/query", "{\"sql\": \"SELECT 1\"}")]
    public async Task A_session_change_without_the_token_is_refused(string method, string path, string? json = null)
    {
        var client = await SessionWithoutTokenAsync(Roles.Admin);
        var refused = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = json is null ? null : new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        });
        var problem = await Problems.ReadAsync(refused, HttpStatusCode.BadRequest);
        Assert.Equal("Antiforgery token missing or invalid", problem.GetProperty("title").GetString());
        Assert.Contains("/api/account/antiforgery", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_session_change_with_the_token_goes_through()
    {
        var client = await SignedInClient.ForRoleAsync(app.Factory, Roles.Admin);
        var restored = await client.PostAsync("/api/catalog/1/restore", null);
        Assert.NotEqual(HttpStatusCode.BadRequest, restored.StatusCode);
        var query = await client.PostAsJsonAsync("/api/analytics/query", new { sql = "SELECT 1" });
        Assert.False(query.StatusCode == HttpStatusCode.BadRequest && (await query.Content.ReadAsStringAsync()).Contains("Antiforgery"));
    }

    [Fact]
    public async Task A_token_from_another_session_is_refused()
    {
        var other = await SignedInClient.ForRoleAsync(app.Factory, Roles.Sales);
        var token = other.DefaultRequestHeaders.GetValues(Header).Single();
        var client = await SessionWithoutTokenAsync(Roles.Admin);
        client.DefaultRequestHeaders.Add(Header, token);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/catalog/1/restore", null)).StatusCode);
    }

    [Fact]
    public async Task An_api_key_caller_needs_no_token()
    {
        var key = ApiKeys.Client(app.Factory, (await ApiKeys.CreateForRoleAsync(app.Factory, Roles.Logistics)).Secret);
        var response = await key.PostAsync("/api/logistics/orders/999999/completion", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Reads_with_the_session_need_no_token()
    {
        var client = await SessionWithoutTokenAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/catalog/1/history")).StatusCode);
    }

    private async Task<HttpClient> SessionWithoutTokenAsync(string role)
    {
        var client = await SignedInClient.ForRoleAsync(app.Factory, role);
        client.DefaultRequestHeaders.Remove(Header);
        return client;
    }
}
