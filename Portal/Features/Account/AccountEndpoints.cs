using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Portal.Composition.RateLimits;
using Portal.Engine.Auditing;
using Portal.Engine.Identity;
using Portal.Engine.Text;

namespace Portal.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // Plain HTML forms post here; the antiforgery middleware validates them and we check its verdict
        // before reading the form, so a stale or missing token is a friendly message, not a 500.
        var account = app.MapGroup("/account").ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        account.MapPost("/signin", SignInAsync).AllowAnonymous().RequireRateLimiting(PortalRateLimits.SignIn);
        account.MapPost("/signout", SignOutAsync);
        app.MapSetPassword();

        app.MapGet("/api/account/me", Me).WithTags("Account").WithSummary("The signed-in user, their roles and the areas they may use.");
        return app;
    }

    private static async Task<RedirectHttpResult> SignInAsync(HttpContext context, SignInManager<PortalUser> signIn, AuditLog audit)
    {
        if (FormExpired(context)) return BackToForm("expired", "", "/");

        // The antiforgery token may come in a header, so the body can still be anything: only a form is read.
        if (await ReadFormOrNullAsync(context.Request) is not { } form) return BackToForm("missing", "", "/");
        var email = form["Email"].ToString().Trim();
        var password = form["Password"].ToString();
        var rememberMe = bool.TryParse(form["RememberMe"], out var remember) && remember;
        var returnUrl = SafeReturnUrl(form["ReturnUrl"]);
        if (email.Length == 0 || password.Length == 0)
            return BackToForm("missing", email, returnUrl);

        var result = await signIn.PasswordSignInAsync(email, password, rememberMe, lockoutOnFailure: true);
        await audit.RecordAsync(SignInAudit.Of(email, result));
        if (result.Succeeded) return TypedResults.LocalRedirect(returnUrl);
        // A locked account answers as a wrong password does: anything else tells which e-mails have accounts.
        return BackToForm(result.IsNotAllowed ? "not-allowed" : "invalid", email, returnUrl);
    }

    private static async Task<IFormCollection?> ReadFormOrNullAsync(HttpRequest request)
    {
        if (!request.HasFormContentType) return null;
        try
        {
            return await request.ReadFormAsync();
        }
        catch (InvalidDataException)
        {
            return null; // a malformed or oversized form body
        }
    }

    // SignInManager stays a parameter so this binds as an endpoint handler (ASP0016), though ExternalSignOut does the work.
    private static async Task<IResult> SignOutAsync(HttpContext context, SignInManager<PortalUser> signIn, AuditLog audit)
    {
        if (FormExpired(context)) return TypedResults.LocalRedirect("/");
        if (context.User.Identity?.Name is { } name) await audit.RecordAsync(new AuditEvent(AuditSubjects.Account, name, "SignOut", name));
        // Ends the provider session too for a user who signed in with OIDC.
        return await ExternalSignOut.SignOutAsync(context);
    }

    /// <summary>The form's antiforgery token was missing or stale (e.g. the page sat open across a restart).</summary>
    private static bool FormExpired(HttpContext context) =>
        context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false };

    internal sealed record MeResponse(string Name, string[] Roles, string[] Areas);

    private static Ok<MeResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
        user.Identity?.Name ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        AreaPolicies.All.Where(a => a.Roles.Any(user.IsInRole)).Select(a => a.Href.TrimStart('/')).ToArray()));

    private static RedirectHttpResult BackToForm(string error, string email, string returnUrl) =>
        TypedResults.LocalRedirect($"/account/login?error={error}&email={Uri.EscapeDataString(email)}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>Only local paths, so the sign-in form cannot be used to bounce users to another site.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
        && !ControlCharacters.In(returnUrl)
            ? returnUrl
            : "/";
}
