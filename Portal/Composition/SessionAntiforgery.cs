using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Portal.Composition;

/// <summary>
/// Antiforgery for the APIs that accept the portal's session cookie next to tokens: a change (any method but GET, HEAD,
/// OPTIONS, TRACE; with or without a body) made with the session must carry the antiforgery token in the
/// <c>RequestVerificationToken</c> header (or the form field), else 400. Callers with an API key, access token, bearer token
/// or SigV4 signature send no cookie and are exempt. Pages and the sign-in forms use the framework's own antiforgery.
/// </summary>
public sealed class SessionAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public const string TokenPath = "/api/account/antiforgery";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!IsSafe(http.Request.Method) && BySession(http))
        {
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid",
                    detail: $"A change made with the portal's session needs its antiforgery token: GET {TokenPath} and send the token in the "
                        + "header it names. Tools authenticate with an API key or access token instead and need none.");
            }
        }
        return await next(context);
    }

    public static bool BySession(HttpContext http) =>
        http.User.Identities.Any(identity => identity.IsAuthenticated && identity.AuthenticationType == IdentityConstants.ApplicationScheme);

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}

public static class SessionAntiforgery
{
    /// <summary>Requires the antiforgery token from session callers on the group's changes.</summary>
    public static TBuilder RequireSessionAntiforgery<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter<TBuilder, SessionAntiforgeryFilter>();

    /// <summary><c>GET /api/account/antiforgery</c>: the signed-in session's token and the header to send it in (also sets its cookie).</summary>
    public static IEndpointRouteBuilder MapAntiforgeryToken(this IEndpointRouteBuilder app)
    {
        app.MapGet(SessionAntiforgeryFilter.TokenPath, (HttpContext http, IAntiforgery antiforgery) =>
            {
                var tokens = antiforgery.GetAndStoreTokens(http);
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Ok(new AntiforgeryTokenResponse(tokens.HeaderName!, tokens.RequestToken!));
            })
            .RequireAuthorization().WithTags("Account")
            .WithSummary("The antiforgery token a signed-in session sends (in the header named) with changes to the APIs.");
        return app;
    }
}

public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);
