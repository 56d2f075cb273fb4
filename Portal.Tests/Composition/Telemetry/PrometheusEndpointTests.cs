using System.Net;
using Microsoft.AspNetCore.Http;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Telemetry;

/// <summary>The Prometheus scrape endpoint: off by default, and when on, only for the allowed networks.</summary>
public sealed class PrometheusEndpointTests
{
    [Fact]
    public async Task There_is_no_scrape_endpoint_by_default()
    {
        using var factory = new PortalAppFactory();
        var response = await factory.Server.SendAsync(http =>
        {
            http.Request.Path = "/metrics";
            http.Connection.RemoteIpAddress = IPAddress.Loopback;
        });
        Assert.NotEqual(StatusCodes.Status200OK, response.Response.StatusCode);
        Assert.DoesNotContain("http_server_request_duration", await new StreamReader(response.Response.Body).ReadToEndAsync());
    }

    [Fact]
    public async Task An_allowed_network_scrapes_the_figures_and_anyone_else_gets_404()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["Telemetry:Prometheus:Enabled"] = "true",
            ["Telemetry:Prometheus:AllowedNetworks:0"] = "10.1.0.0/16",
        });
        await SignedInClient.Anonymous(factory).GetAsync("/account/login"); // one request to count

        var scraped = await factory.Server.SendAsync(http =>
        {
            http.Request.Path = "/metrics";
            http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
        });
        Assert.Equal(StatusCodes.Status200OK, scraped.Response.StatusCode);
        var text = await new StreamReader(scraped.Response.Body).ReadToEndAsync();
        Assert.Contains("http_server_request_duration_seconds", text);

        foreach (var outsider in new[] { "203.0.113.9", "127.0.0.1" })
        {
            var refused = await factory.Server.SendAsync(http =>
            {
                http.Request.Path = "/metrics";
                http.Connection.RemoteIpAddress = IPAddress.Parse(outsider);
            });
            Assert.Equal(StatusCodes.Status404NotFound, refused.Response.StatusCode);
        }
    }

    [Fact]
    public async Task Enabled_without_networks_it_answers_loopback_only()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Telemetry:Prometheus:Enabled"] = "true" });
        foreach (var (from, status) in new[] { ("127.0.0.1", 200), ("::1", 200), ("10.1.2.3", 404) })
        {
            var response = await factory.Server.SendAsync(http =>
            {
                http.Request.Path = "/metrics";
                http.Connection.RemoteIpAddress = IPAddress.Parse(from);
            });
            Assert.Equal(status, response.Response.StatusCode);
        }
    }
}
