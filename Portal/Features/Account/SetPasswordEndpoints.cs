using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Portal.Engine.Identity.Administration;

namespace Portal.Features.Account;

/// <summary>The form of an invitation or forced-reset link: sets the password from the link's token, then off to sign in.</summary>
public static class SetPasswordEndpoints
{
    /// <summary>The page the link opens.</summary>
    public const string PagePath = "/account/set-password";
    /// <summary>Where its form posts (not the page's own path: the page's route would take the POST too).</summary>
    public const string FormPath = "/account/password";

    /// <summary>The link an administrator hands over: the page that sets the password of <paramref name="userId"/>.</summary>
    public static string Link(string baseUri, string userId, string token) =>
        $"{baseUri.TrimEnd('/')}{PagePath}?user={Uri.EscapeDataString(userId)}&token={Uri.EscapeDataString(token)}";

    public static IEndpointRouteBuilder MapSetPassword(this IEndpointRouteBuilder app)
    {
        app.MapPost(FormPath, SetAsync).AllowAnonymous().ExcludeFromDescription().WithMetadata(new RequireAntiforgeryTokenAttribute());
        return app;
    }

    private static async Task<RedirectHttpResult> SetAsync(HttpContext context, AccountPasswords passwords)
    {
        if (!context.Request.HasFormContentType) return TypedResults.LocalRedirect(PagePath);
        var form = await context.Request.ReadFormAsync();
        var user = form["User"].ToString();
        var token = form["Token"].ToString();
        if (context.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
            return Back(user, token, "The form expired. Please try again.");
        if (user.Length == 0 || token.Length == 0) return TypedResults.LocalRedirect(PagePath);
        var password = form["Password"].ToString();
        if (password != form["Confirm"].ToString()) return Back(user, token, "The two passwords differ.");
        if (await passwords.SetAsync(user, token, password) is { } error) return Back(user, token, error);
        return TypedResults.LocalRedirect("/account/login?passwordSet=true");
    }

    private static RedirectHttpResult Back(string user, string token, string error) =>
        TypedResults.LocalRedirect($"{PagePath}?user={Uri.EscapeDataString(user)}&token={Uri.EscapeDataString(token)}&error={Uri.EscapeDataString(error)}");
}
