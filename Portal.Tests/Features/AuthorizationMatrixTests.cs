using System.Net;
using System.Net.Http.Json;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features;

/// <summary>Every role against every area, allowed and denied, enforced by the server (no UI involved).</summary>
public sealed class AuthorizationMatrixTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    // Written out by hand on purpose: the app's own table must agree with this one.
    private static readonly Dictionary<string, string[]> AllowedAreas = new()
    {
        [Roles.Admin] = ["/shop", "/images", "/catalog", "/logistics", "/analytics", "/models", "/admin"],
        [Roles.Sales] = ["/images", "/catalog"],
        [Roles.Logistics] = ["/logistics"],
        [Roles.Analyst] = ["/analytics", "/models"],
        [Roles.Customer] = ["/shop", "/images"],
    };

    private static readonly string[] Areas = ["/shop", "/images", "/catalog", "/logistics", "/analytics", "/models", "/admin"];

    public static TheoryData<string, string> RoleAreaPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in Roles.All)
            foreach (var area in Areas)
                data.Add(role, area);
        return data;
    }

    [Theory]
    [MemberData(nameof(RoleAreaPairs))]
    public async Task Role_gets_exactly_its_areas(string role, string area)
    {
        var client = await app.ClientForAsync(role);
        var response = await client.GetAsync(area);

        if (AllowedAreas[role].Contains(area))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("data-testid=\"landing-title\"", await response.Content.ReadAsStringAsync());
        }
        else
        {
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("http://localhost/account/access-denied", response.Headers.Location!.AbsoluteUri);
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/shop")]
    [InlineData("/catalog")]
    [InlineData("/admin")]
    [InlineData("/account/access-denied")]
    public async Task Anonymous_is_sent_to_sign_in(string path)
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Api_answers_401_not_a_redirect_when_anonymous()
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync("/api/account/me");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Sales, "/catalog")]
    [InlineData(Roles.Logistics, "/logistics")]
    [InlineData(Roles.Analyst, "/analytics")]
    [InlineData(Roles.Customer, "/shop")]
    [InlineData(Roles.Admin, "/admin")]
    public async Task Each_role_lands_on_its_own_page(string role, string landing)
    {
        var client = await app.ClientForAsync(role);
        var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(landing, response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Me_lists_roles_and_areas()
    {
        var client = await app.ClientForAsync(Roles.Sales);
        var me = await client.GetFromJsonAsync<MeDto>("/api/account/me");
        Assert.Equal("sales@portal.local", me!.Name);
        Assert.Equal([Roles.Sales], me.Roles);
        Assert.Equal(["images", "catalog"], me.Areas);
    }

    private sealed record MeDto(string Name, string[] Roles, string[] Areas);
}
