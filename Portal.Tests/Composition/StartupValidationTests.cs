using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

/// <summary>A wrong setting stops the app at start-up with a message that names the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Database:Provider", "Oracle", "Database:Provider")]
    [InlineData("Database:Provider", "Postgres", "Database:ConnectionString")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-ip", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "ForwardedHeaders:KnownNetworks:0")]
    [InlineData("ForwardedHeaders:Enabled", "true", "ForwardedHeaders:KnownProxies")]
    [InlineData("Demo:Password", "short", "Password")]
    [InlineData("Demo:Password", "longenough", "Demo:Password needs a digit")]
    [InlineData("Demo:Orders", "-1", "Orders")]
    [InlineData("Logistics:OrderCache:MaxOrders", "0", "MaxOrders")]
    [InlineData("Analytics:Lake:Schedule", "every 15 minutes", "Analytics:Lake:Schedule")]
    [InlineData("Analytics:Lake:Bucket", "Lake_Bucket", "Analytics:Lake:Bucket")]
    [InlineData("Shipping:Methods:0:Currency", "euro", "Shipping:Methods:0:Currency must be a three-letter ISO code")]
    [InlineData("Security:Hsts:MaxAgeDays", "0", "Security:Hsts:MaxAgeDays")]
    [InlineData("RateLimits:SignInPerAddress", "0", "RateLimits:SignInPerAddress")]
    [InlineData("RateLimits:WindowSeconds", "7200", "RateLimits:WindowSeconds")]
    public void Wrong_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = StartupFailure.ValidationErrorIn(error);
        Assert.NotNull(validation);
        Assert.Contains(named, validation.Message);
    }

    [Fact]
    public void Forwarded_headers_trust_only_the_configured_load_balancer()
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?>
        {
            ["ForwardedHeaders:Enabled"] = "true",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/16",
        });
        var options = factory.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Empty(options.KnownProxies);
        Assert.Equal("10.0.0.0/16", Assert.Single(options.KnownIPNetworks).ToString());
        Assert.True(options.ForwardedHeaders.HasFlag(ForwardedHeaders.XForwardedProto));
        // An ALB neither sets nor strips X-Forwarded-Host: trusting it would let a client pick the host of absolute URLs.
        Assert.False(options.ForwardedHeaders.HasFlag(ForwardedHeaders.XForwardedHost));
    }
}
