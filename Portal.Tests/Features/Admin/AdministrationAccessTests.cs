using System.Net;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>The Users and Audit trail pages and the audit export in the running app: administrators only.</summary>
public sealed class AdministrationAccessTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Theory]
    [InlineData("/admin/users", "users-title")]
    [InlineData("/admin/audit", "audit-title")]
    public async Task An_administrator_gets_the_page(string path, string title)
    {
        var client = await app.ClientForAsync(Roles.Admin);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"data-testid=\"{title}\"", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string> OtherRolesAndPaths()
    {
        var data = new TheoryData<string, string>();
        foreach (var role in new[] { Roles.Sales, Roles.Logistics, Roles.Analyst, Roles.Customer })
            foreach (var path in new[] { "/admin/users", "/admin/audit", "/admin/audit/export" })
                data.Add(role, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(OtherRolesAndPaths))]
    public async Task Every_other_role_is_denied(string role, string path)
    {
        var client = await app.ClientForAsync(role);
        var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/access-denied", response.Headers.Location!.AbsoluteUri);
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/admin/audit/export")]
    public async Task Anonymous_callers_are_sent_to_sign_in(string path)
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/login", response.Headers.Location!.AbsoluteUri);
    }
}
