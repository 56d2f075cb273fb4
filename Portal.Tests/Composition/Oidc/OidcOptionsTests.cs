using Portal.Tests.Infrastructure;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Portal.Composition;
using Portal.Engine.Identity;
using Portal.Features.Account;

namespace Portal.Tests.Composition.Oidc;

/// <summary>The <c>Authentication:Oidc</c> settings and the claim rules; no provider needed.</summary>
public sealed class OidcOptionsTests
{
    private const string Authority = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test";

    [Theory]
    [InlineData("ClientId", "", "Authentication:Oidc:ClientId")]
    [InlineData("Authority", "not a uri", "Authentication:Oidc:Authority")]
    [InlineData("Authority", "ftp://idp.example/pool", "Authentication:Oidc:Authority")]
    [InlineData("Authority", "http://idp.example/pool", "Authentication:Oidc:RequireHttpsMetadata")]
    [InlineData("LogoutBase", "hosted-ui.example", "Authentication:Oidc:LogoutBase")]
    [InlineData("RoleClaim", "", "Authentication:Oidc:RoleClaim")]
    public void A_wrong_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        var settings = ValidSettings();
        settings[$"Authentication:Oidc:{key}"] = value;
        using var factory = new OidcAppFactory(settings);

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var validation = StartupFailure.ValidationErrorIn(error);
        Assert.NotNull(validation);
        Assert.Contains(named, validation.Message);
    }

    [Fact]
    public async Task Without_an_authority_nothing_changes()
    {
        using var factory = new OidcAppFactory();
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        Assert.Null(await schemes.GetSchemeAsync(OidcComposition.OidcScheme));
        Assert.NotNull(await schemes.GetSchemeAsync(OidcComposition.BearerScheme)); // inert, so policies may name it
        Assert.False(factory.Services.GetRequiredService<IOptions<OidcOptions>>().Value.Enabled);

        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var start = await client.GetAsync("/account/external/signin");
        Assert.NotEqual(HttpStatusCode.OK, start.StatusCode);
        Assert.DoesNotContain("cognito", start.Headers.Location?.ToString() ?? "");
        client.DefaultRequestHeaders.Authorization = new("Bearer", "anything");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/logistics/orders")).StatusCode);
        var login = await client.GetStringAsync("/account/login");
        Assert.DoesNotContain("signin-external", login);
    }

    [Fact]
    public async Task With_an_authority_the_schemes_follow_the_settings()
    {
        using var factory = new OidcAppFactory(ValidSettings());
        var schemes = factory.Services.GetRequiredService<IAuthenticationSchemeProvider>();
        var oidcScheme = await schemes.GetSchemeAsync(OidcComposition.OidcScheme);
        Assert.NotNull(oidcScheme);
        Assert.Equal("Test Cognito", oidcScheme.DisplayName);

        var oidc = factory.Services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcComposition.OidcScheme);
        Assert.Equal(IdentityConstants.ExternalScheme, oidc.SignInScheme);
        Assert.Equal("code", oidc.ResponseType);
        Assert.Equal("query", oidc.ResponseMode);
        Assert.True(oidc.UsePkce);
        Assert.Equal(PushedAuthorizationBehavior.Disable, oidc.PushedAuthorizationBehavior);
        Assert.False(oidc.MapInboundClaims);
        Assert.Equal(["openid", "email", "profile"], oidc.Scope);
        Assert.Equal("cognito:groups", oidc.TokenValidationParameters.RoleClaimType);
        Assert.Equal("portal-client", oidc.ClientId);

        var bearer = factory.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(OidcComposition.BearerScheme);
        Assert.Equal(Authority, bearer.Authority);
        Assert.True(bearer.RequireHttpsMetadata);
        Assert.NotNull(bearer.TokenValidationParameters.AudienceValidator);

        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        var login = await client.GetStringAsync("/account/login?returnUrl=%2Fcatalog");
        Assert.Contains("/account/external/signin?returnUrl=%2Fcatalog", login);
    }

    [Fact]
    public void Groups_become_portal_roles_and_unknown_groups_are_ignored()
    {
        Claim[] claims =
        [
            new("cognito:groups", "logistics"), new("cognito:groups", "Beta-Testers"), new("cognito:groups", "Admin"),
            new("cognito:groups", "Admin"), new("other", "Sales"),
        ];
        Assert.Equal([Roles.Logistics, Roles.Admin], OidcClaims.PortalRoles(claims, "cognito:groups"));
        Assert.Equal([Roles.Sales, Roles.Customer], OidcClaims.PortalRoles([new Claim("groups", """["Sales","x","Customer"]""")], "groups"));
        Assert.Empty(OidcClaims.PortalRoles([], "cognito:groups"));
    }

    [Fact]
    public void A_token_is_for_the_app_by_its_audience_or_its_client_id()
    {
        static JsonWebToken Token(string payload) =>
            new(new JsonWebTokenHandler().CreateToken(payload));

        var accessToken = Token("""{"client_id":"portal-client","sub":"u"}""");
        var otherClient = Token("""{"client_id":"someone-else","sub":"u"}""");
        Assert.True(OidcClaims.AudienceAccepted(["portal-client"], otherClient, "portal-client"));
        Assert.True(OidcClaims.AudienceAccepted([], accessToken, "portal-client"));
        Assert.True(OidcClaims.AudienceAccepted(null, accessToken, "portal-client"));
        Assert.False(OidcClaims.AudienceAccepted(["api://other"], otherClient, "portal-client"));
        Assert.False(OidcClaims.AudienceAccepted([], otherClient, "portal-client"));
        Assert.False(OidcClaims.AudienceAccepted([], accessToken, ""));
    }

    [Fact]
    public void A_bearer_caller_is_named_by_email_or_user_name_and_holds_only_portal_roles()
    {
        var validated = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim("sub", "abc-123"), new Claim("username", "lou"), new Claim("cognito:groups", "Logistics"), new Claim("cognito:groups", "Everyone")],
            "jwt", "email", "cognito:groups"));

        var caller = OidcClaims.BearerPrincipal(validated, "cognito:groups", OidcComposition.BearerScheme);

        Assert.Equal("lou", caller.Identity!.Name);
        Assert.Equal("abc-123", caller.FindFirstValue(ClaimTypes.NameIdentifier));
        Assert.True(caller.IsInRole(Roles.Logistics));
        Assert.False(caller.IsInRole("Everyone"));
        Assert.Equal([Roles.Logistics], caller.FindAll(ClaimTypes.Role).Select(c => c.Value));
    }

    [Fact]
    public void The_provider_logout_url_is_cognitos_with_the_apps_signed_out_page()
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = "https";
        request.Host = new HostString("portal.example.com");
        var settings = new OidcOptions { Authority = Authority, ClientId = "portal client", LogoutBase = "https://portal.auth.eu-west-1.amazoncognito.com/" };

        Assert.Equal(
            "https://portal.auth.eu-west-1.amazoncognito.com/logout?client_id=portal%20client&logout_uri=https%3A%2F%2Fportal.example.com%2Faccount%2Fexternal%2Fsigned-out",
            OidcComposition.ProviderLogoutUrl(settings, request));
        Assert.Null(OidcComposition.ProviderLogoutUrl(new OidcOptions { Authority = Authority, ClientId = "c" }, request)); // no LogoutBase
    }

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Authentication:Oidc:Authority"] = Authority,
        ["Authentication:Oidc:ClientId"] = "portal-client",
        ["Authentication:Oidc:ClientSecret"] = "secret",
        ["Authentication:Oidc:DisplayName"] = "Test Cognito",
    };
}
