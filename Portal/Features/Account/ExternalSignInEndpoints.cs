using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Portal.Composition.RateLimits;
using Portal.Composition;
using Portal.Engine.Identity;

namespace Portal.Features.Account;

/// <summary>
/// Sign-in with the OIDC provider: <c>GET /account/external/signin?returnUrl=</c> sends the browser to the provider;
/// it comes back through <c>/signin-oidc</c> (the handler) to <c>/account/external/callback</c>, which signs the
/// linked local user in. <c>POST /account/external/signout</c> (antiforgery form) signs out of the portal and,
/// for an OIDC user, of the provider. Nothing is mapped while OIDC is off.
/// </summary>
public static class ExternalSignInEndpoints
{
    public const string StartPath = "/account/external/signin";
    public const string CallbackPath = "/account/external/callback";
    public const string FailedPath = OidcComposition.SignInFailedPath;
    public const string SignOutPath = "/account/external/signout";

    public static IEndpointRouteBuilder MapExternalSignIn(this IEndpointRouteBuilder app)
    {
        var registration = app.ServiceProvider.GetService<OidcComposition.Registration>()
            ?? throw new InvalidOperationException("Call services.AddPortalOidc(configuration) before app.MapExternalSignIn().");
        if (!registration.Enabled) return app;

        var external = app.MapGroup("/account/external").ExcludeFromDescription().AllowAnonymous().RequireRateLimiting(PortalRateLimits.SignIn);
        external.MapGet("/signin", Start);
        external.MapGet("/callback", CallbackAsync);
        external.MapGet("/signed-out", () => TypedResults.LocalRedirect(ExternalSignOut.SignedOutLanding));
        external.MapPost("/signout", (Func<HttpContext, Task<IResult>>)SignOutAsync).WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static IResult Start(string? returnUrl, SignInManager<PortalUser> signIn)
    {
        var target = AccountEndpoints.SafeReturnUrl(returnUrl);
        var properties = signIn.ConfigureExternalAuthenticationProperties(
            OidcComposition.OidcScheme, $"{CallbackPath}?returnUrl={Uri.EscapeDataString(target)}");
        return TypedResults.Challenge(properties, [OidcComposition.OidcScheme]);
    }

    private static async Task<IResult> CallbackAsync(HttpContext context, string? returnUrl, ExternalAccounts accounts)
    {
        var external = await context.AuthenticateAsync(IdentityConstants.ExternalScheme);
        if (!external.Succeeded || external.Principal is null
            || external.Properties?.Items.TryGetValue("LoginProvider", out var provider) != true || provider != OidcComposition.OidcScheme)
            return Failed(ExternalAccounts.Failures.Expired);

        var outcome = await accounts.SignInAsync(external.Principal);
        await context.SignOutAsync(IdentityConstants.ExternalScheme);
        return outcome.Succeeded ? TypedResults.LocalRedirect(AccountEndpoints.SafeReturnUrl(returnUrl)) : Failed(outcome.Failure!);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false }) return TypedResults.LocalRedirect("/");
        return await ExternalSignOut.SignOutAsync(context);
    }

    private static IResult Failed(string reason) => TypedResults.LocalRedirect($"{FailedPath}?reason={Uri.EscapeDataString(reason)}");
}
