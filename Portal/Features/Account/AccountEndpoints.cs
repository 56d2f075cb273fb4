using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Engine.Identity;

namespace Portal.Features.Account;

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", SignInAsync).AllowAnonymous();
        account.MapPost("/logout", SignOutAsync);

        app.MapGet("/api/account/me", Me).WithTags("Account").WithSummary("The signed-in user, their roles and the areas they may use.");
        return app;
    }

    internal sealed record SignInForm(string? Email, string? Password, bool RememberMe, string? ReturnUrl);

    private static async Task<RedirectHttpResult> SignInAsync([FromForm] SignInForm form, SignInManager<PortalUser> signIn)
    {
        var returnUrl = SafeReturnUrl(form.ReturnUrl);
        if (string.IsNullOrWhiteSpace(form.Email) || string.IsNullOrEmpty(form.Password))
            return BackToForm("missing", form.Email, returnUrl);

        var result = await signIn.PasswordSignInAsync(form.Email.Trim(), form.Password, form.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded) return TypedResults.LocalRedirect(returnUrl);
        return BackToForm(result.IsLockedOut ? "locked" : result.IsNotAllowed ? "not-allowed" : "invalid", form.Email, returnUrl);
    }

    private static async Task<RedirectHttpResult> SignOutAsync(SignInManager<PortalUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login?signedOut=true");
    }

    internal sealed record MeResponse(string Name, string[] Roles, string[] Areas);

    private static Ok<MeResponse> Me(ClaimsPrincipal user) => TypedResults.Ok(new MeResponse(
        user.Identity?.Name ?? "",
        user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToArray(),
        AreaPolicies.All.Where(a => a.Roles.Any(user.IsInRole)).Select(a => a.Href.TrimStart('/')).ToArray()));

    private static RedirectHttpResult BackToForm(string error, string? email, string returnUrl) =>
        TypedResults.LocalRedirect($"/account/login?error={error}&email={Uri.EscapeDataString(email ?? "")}&returnUrl={Uri.EscapeDataString(returnUrl)}");

    /// <summary>Only local paths, so the sign-in form cannot be used to bounce users to another site.</summary>
    internal static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            ? returnUrl
            : "/";
}
