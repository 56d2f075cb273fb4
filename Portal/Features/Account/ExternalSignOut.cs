using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Composition;
using Portal.Engine.Identity;

namespace Portal.Features.Account;

/// <summary>
/// Sign-out that also ends the provider session of a user who signed in with OIDC: Cognito's
/// <c>{LogoutBase}/logout?client_id=..&amp;logout_uri={app}/account/external/signed-out</c>, which comes back to the
/// sign-in page. Local users (and everyone while OIDC is off) just sign out of the portal.
/// </summary>
public static class ExternalSignOut
{
    /// <inheritdoc cref="OidcComposition.SignedOutPath"/>
    public const string SignedOutPath = OidcComposition.SignedOutPath;
    public const string SignedOutLanding = "/account/login?signedOut=true";

    /// <summary>Whether <paramref name="user"/> signed in through the OIDC provider (not with a password).</summary>
    public static bool SignedInWithProvider(ClaimsPrincipal user) =>
        user.HasClaim(ClaimTypes.AuthenticationMethod, OidcComposition.OidcScheme);

    /// <summary>Signs out of the portal, then (for an OIDC user) sends the browser to end the provider session.</summary>
    public static async Task<IResult> SignOutAsync(HttpContext context)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<OidcOptions>>().Value;
        var endProviderSession = settings.Enabled && SignedInWithProvider(context.User);
        await context.RequestServices.GetRequiredService<SignInManager<PortalUser>>().SignOutAsync();
        if (!endProviderSession) return TypedResults.LocalRedirect(SignedOutLanding);
        if (OidcComposition.ProviderLogoutUrl(settings, context.Request) is { } logout) return TypedResults.Redirect(logout);
        // No Cognito hosted UI configured: the provider's standard end-session endpoint, if it has one.
        return TypedResults.SignOut(new AuthenticationProperties { RedirectUri = SignedOutPath }, [OidcComposition.OidcScheme]);
    }

}
