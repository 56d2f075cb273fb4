using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Microsoft.AspNetCore.Http.Extensions;

namespace Portal.Composition;

/// <summary>
/// Sign-in with an OpenID Connect provider (Amazon Cognito) next to the local accounts, and its bearer
/// tokens for the APIs; settings under <c>Authentication:Oidc</c> (<see cref="OidcOptions"/>).
/// The provider's users become local <see cref="Portal.Engine.Identity.PortalUser"/>s linked to their
/// external login, with the provider's groups as their roles (see <see cref="ExternalAccounts"/>).
/// </summary>
public static class OidcComposition
{
    /// <summary>The interactive sign-in scheme; also the login provider name of linked accounts.</summary>
    public const string OidcScheme = "Oidc";

    /// <summary>Validates <c>Authorization: Bearer</c> tokens from the same provider; inert while OIDC is off.</summary>
    public const string BearerScheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Where the provider sends the browser back with the code (register it as the client's callback URL).</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>Where the provider returns after sign-out; register <c>https://HOST/account/external/signed-out</c> as the client's sign-out URL.</summary>
    public const string SignedOutPath = "/account/external/signed-out";

    /// <summary>The page that explains a failed sign-in with the provider (<c>?reason=</c>).</summary>
    public const string SignInFailedPath = "/account/external/failed";

    /// <summary>Registered by <see cref="AddPortalOidc"/>; tells later wiring whether OIDC is on.</summary>
    public sealed record Registration(bool Enabled);

    /// <summary>
    /// Binds and validates <c>Authentication:Oidc</c>; when its Authority is set, adds the OIDC sign-in scheme and
    /// the JwtBearer scheme <see cref="BearerScheme"/>. Returns whether OIDC is on. The bearer scheme is always
    /// registered (answering "no result" while OIDC is off), so API policies may name it unconditionally.
    /// </summary>
    public static bool AddPortalOidc(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.FirstOrDefault(d => d.ServiceType == typeof(Registration))?.ImplementationInstance is Registration existing)
            return existing.Enabled;

        services.AddSingleton<IValidateOptions<OidcOptions>, OidcOptionsValidator>();
        services.AddOptions<OidcOptions>().Bind(configuration.GetSection(OidcOptions.Section)).ValidateOnStart();

        var section = configuration.GetSection(OidcOptions.Section);
        var enabled = !string.IsNullOrWhiteSpace(section[nameof(OidcOptions.Authority)]);
        services.AddSingleton(new Registration(enabled));

        var authentication = services.AddAuthentication();
        if (!enabled)
        {
            authentication.AddScheme<AuthenticationSchemeOptions, BearerOffHandler>(BearerScheme, null);
            return false;
        }

        var displayName = section[nameof(OidcOptions.DisplayName)] is { Length: > 0 } name ? name : new OidcOptions().DisplayName;
        authentication.AddOpenIdConnect(OidcScheme, displayName, _ => { });
        authentication.AddJwtBearer(BearerScheme, _ => { });
        services.AddOptions<OpenIdConnectOptions>(OidcScheme).Configure<IOptions<OidcOptions>>((oidc, settings) => ConfigureSignIn(oidc, settings.Value));
        services.AddOptions<JwtBearerOptions>(BearerScheme).Configure<IOptions<OidcOptions>>((bearer, settings) => ConfigureBearer(bearer, settings.Value));
        services.Configure<SecurityStampValidatorOptions>(KeepAuthenticationMethodOnRefresh);
        return true;
    }

    private static void ConfigureSignIn(OpenIdConnectOptions oidc, OidcOptions settings)
    {
        oidc.SignInScheme = IdentityConstants.ExternalScheme;
        oidc.Authority = settings.Authority;
        oidc.ClientId = settings.ClientId;
        oidc.ClientSecret = string.IsNullOrEmpty(settings.ClientSecret) ? null : settings.ClientSecret;
        oidc.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        oidc.CallbackPath = CallbackPath;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        // Cognito has no PAR endpoint; .NET uses PAR whenever discovery advertises one.
        oidc.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        // Cognito's id_token carries email, name and the groups; no user-info round trip needed.
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.Scope.Clear();
        foreach (var scope in new[] { "openid", "email", "profile" }) oidc.Scope.Add(scope);
        oidc.TokenValidationParameters.NameClaimType = OidcClaims.Email;
        oidc.TokenValidationParameters.RoleClaimType = settings.RoleClaim;
        // The code comes back by a top-level GET (response_mode=query), so Lax cookies suffice and work over
        // plain http on loopback too (SameSite=None would need Secure: "Correlation failed").
        oidc.CorrelationCookie.SameSite = SameSiteMode.Lax;
        oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        oidc.NonceCookie.SameSite = SameSiteMode.Lax;
        oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;

        oidc.Events.OnRedirectToIdentityProviderForSignOut = context =>
        {
            // Cognito publishes no end_session_endpoint: it signs out at {hosted UI}/logout?client_id=..&logout_uri=..
            var url = ProviderLogoutUrl(settings, context.Request);
            if (url is null)
            {
                if (!string.IsNullOrEmpty(context.ProtocolMessage.IssuerAddress)) return Task.CompletedTask; // standard RP-initiated logout
                url = context.Properties?.RedirectUri ?? SignedOutPath; // nowhere to end the provider session: only the portal's ends
            }
            context.Response.Redirect(url);
            context.HandleResponse();
            return Task.CompletedTask;
        };
        oidc.Events.OnRemoteFailure = context =>
        {
            context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OidcComposition))
                .LogWarning(context.Failure, "Sign-in with {Provider} failed", settings.DisplayName);
            context.Response.Redirect($"{SignInFailedPath}?reason=provider");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    private static void ConfigureBearer(JwtBearerOptions bearer, OidcOptions settings)
    {
        bearer.Authority = settings.Authority;
        bearer.RequireHttpsMetadata = settings.RequireHttpsMetadata;
        bearer.MapInboundClaims = false;
        // Issuer and signing keys come from the provider's discovery document.
        bearer.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateIssuerSigningKey = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateAudience = true,
            // Cognito access tokens have no aud but client_id (ID tokens, aud = client id, are refused below).
            AudienceValidator = (audiences, token, _) => OidcClaims.AudienceAccepted(audiences, token, settings.ClientId),
            NameClaimType = OidcClaims.Email,
            RoleClaimType = settings.RoleClaim,
        };
        bearer.Events = new JwtBearerEvents
        {
            OnTokenValidated = context =>
            {
                // An ID token is proof of sign-in for the app client, not a grant to call APIs (and it may travel further).
                if (context.Principal!.FindFirst(OidcClaims.TokenUse)?.Value != "access")
                {
                    context.Fail("Send the access token, not the ID token.");
                    return Task.CompletedTask;
                }
                context.Principal = OidcClaims.BearerPrincipal(context.Principal!, settings.RoleClaim, BearerScheme);
                return Task.CompletedTask;
            },
        };
    }

    /// <summary>The Cognito-style logout URL, or null when <see cref="OidcOptions.LogoutBase"/> is not set.</summary>
    public static string? ProviderLogoutUrl(OidcOptions settings, HttpRequest request) =>
        string.IsNullOrWhiteSpace(settings.LogoutBase) ? null
            : $"{settings.LogoutBase.TrimEnd('/')}/logout?client_id={Uri.EscapeDataString(settings.ClientId)}&logout_uri={Uri.EscapeDataString(SignedOutUrl(request))}";

    /// <summary>The absolute URL of <see cref="SignedOutPath"/> as the browser sees this app (behind a load balancer, enable ForwardedHeaders).</summary>
    public static string SignedOutUrl(HttpRequest request) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, SignedOutPath);

    /// <summary>
    /// The cookie principal of an OIDC user carries amr=<see cref="OidcScheme"/> (so sign-out knows to end the provider
    /// session); keep it when the security-stamp check rebuilds the principal.
    /// </summary>
    private static void KeepAuthenticationMethodOnRefresh(SecurityStampValidatorOptions options)
    {
        var previous = options.OnRefreshingPrincipal;
        options.OnRefreshingPrincipal = async context =>
        {
            if (previous is not null) await previous(context);
            if (context.CurrentPrincipal?.FindFirst(ClaimTypes.AuthenticationMethod) is { Value: OidcScheme } method
                && context.NewPrincipal?.Identity is ClaimsIdentity identity
                && !identity.HasClaim(ClaimTypes.AuthenticationMethod, OidcScheme))
                identity.AddClaim(new Claim(ClaimTypes.AuthenticationMethod, method.Value));
        };
    }

    /// <summary>The bearer scheme while OIDC is off: authenticates nobody, so policies naming it are unaffected.</summary>
    private sealed class BearerOffHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
