using System.Net;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>The Pipeline page in the running app (its real services, the embedded log): administrators only.</summary>
public sealed class PipelinePageAccessTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task An_administrator_gets_the_pipeline_page()
    {
        var client = await app.ClientForAsync(Roles.Admin);
        var response = await client.GetAsync("/admin/pipeline");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"pipeline-title\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Logistics)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Customer)]
    public async Task Every_other_role_is_denied(string role)
    {
        var client = await app.ClientForAsync(role);
        var response = await client.GetAsync("/admin/pipeline");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://localhost/account/access-denied", response.Headers.Location!.AbsoluteUri);
    }
}
