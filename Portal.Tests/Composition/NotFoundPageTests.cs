using System.Net;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

/// <summary>Unknown addresses get the portal's own page (in its layout, with a way back) for everyone; the portal has a favicon.</summary>
public sealed class NotFoundPageTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData(null)]
    [InlineData(Roles.Customer)]
    [InlineData(Roles.Admin)]
    public async Task An_unknown_address_is_a_styled_404_page_with_a_way_back(string? role)
    {
        var client = role is null ? SignedInClient.Anonymous(app.Factory) : await app.ClientForAsync(role);
        var response = await client.GetAsync("/no/such/page");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"not-found\"", page);
        Assert.Contains("Page not found", page);
        Assert.Contains("mud-appbar", page); // inside the layout
        Assert.Contains("_content/MudBlazor/MudBlazor.min.", page);
        Assert.Matches("<a[^>]*href=\"/\"[^>]*data-testid=\"not-found-home\"|data-testid=\"not-found-home\"[^>]*href=\"/\"", page);
    }

    [Fact]
    public async Task Unknown_api_addresses_stay_problems()
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync("/api/no-such-endpoint");
        var problem = await Problems.ReadAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("/api/no-such-endpoint", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Pages_link_a_favicon_that_is_served()
    {
        var client = SignedInClient.Anonymous(app.Factory);
        var page = await client.GetStringAsync("/account/login");
        var link = System.Text.RegularExpressions.Regex.Match(page, "<link rel=\"icon\" type=\"image/svg(\\+|&#x2B;)xml\" href=\"(?<href>[^\"]+)\"");
        Assert.True(link.Success, "no icon link in the page head");

        var icon = await client.GetAsync(link.Groups["href"].Value);
        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await icon.Content.ReadAsStringAsync());
    }
}
