using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Identity;
using Portal.Engine.Operations;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>
/// The System page's figures in the running app: the sampler turns the requests it heard into a sample in the shared
/// database, and the page (administrators only) lists this instance with its figures.
/// </summary>
public sealed class SystemPageTests
{
    [Fact]
    public async Task Requests_heard_become_a_sample_and_the_page_shows_the_instance_with_its_figures()
    {
        using var app = new PortalAppFactory(new Dictionary<string, string?> { ["Telemetry:Sampling:Interval"] = "00:10:00", ["Telemetry:Sampling:Retention"] = "01:00:00" });
        var client = await SignedInClient.ForRoleAsync(app, Roles.Admin);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/no-such-thing")).StatusCode);

        var sampler = app.Services.GetRequiredService<InstanceSampler>();
        var sample = await sampler.SampleAsync(DateTimeOffset.UtcNow, seconds: 10);
        Assert.Equal(InstanceIdentity.Id, sample.Instance);
        Assert.True(sample.RequestsPerSecond >= 0.6, $"heard {sample.RequestsPerSecond * 10} requests");
        Assert.NotNull(sample.P95Milliseconds);
        Assert.Equal(0, sample.ErrorRate); // a 404 is the client's error, not the server's

        var overview = await app.Services.GetRequiredService<SystemFigures>().ReadAsync(TimeSpan.FromMinutes(30));
        var instance = Assert.Single(overview.Instances);
        Assert.True(instance.Alive);

        var page = await client.GetStringAsync("/admin/system");
        Assert.Contains("data-testid=\"stat-instances\"", page);
        Assert.Contains(WebUtility.HtmlEncode(InstanceIdentity.Id), page);
        Assert.Contains("data-testid=\"instance-table\"", page);
    }

    [Theory]
    [InlineData(Roles.Sales)]
    [InlineData(Roles.Analyst)]
    [InlineData(Roles.Customer)]
    public async Task Only_administrators_see_it(string role)
    {
        using var app = new PortalAppFactory();
        var client = await SignedInClient.ForRoleAsync(app, role);
        var response = await client.GetAsync("/admin/system");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/access-denied", response.Headers.Location!.OriginalString);
    }
}
