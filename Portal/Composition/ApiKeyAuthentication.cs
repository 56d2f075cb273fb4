using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Engine.ApiKeys;
using Portal.Engine.Identity;

namespace Portal.Composition;

/// <summary>One API key scheme: which keys it takes, where it reads them, and what it tells a caller who sent none.</summary>
public sealed class ApiKeySchemeOptions : AuthenticationSchemeOptions
{
    public ApiKeyScope Scope { get; set; }

    /// <summary>The presented key text, or null when the request sent none this scheme reads.</summary>
    public Func<HttpRequest, string?> Read { get; set; } = _ => null;

    /// <summary>The <c>WWW-Authenticate</c> challenge.</summary>
    public string Challenge { get; set; } = "";

    /// <summary>The problem detail of a 401 when no key was sent: how to send one and where to make it.</summary>
    public string Hint { get; set; } = "";
}

/// <summary>
/// Signs in API callers by a key of the scheme's scope as the user who created it, with that user's current roles; a
/// revoked or expired key, a key of another scope, or a user who lost the role, fails. Two schemes use it: the
/// logistics API's <see cref="SchemeName"/> (<c>X-Api-Key</c>) and the image API's personal access tokens
/// (<c>Authorization: Bearer pat_…</c>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<ApiKeySchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    ApiKeyCache cache,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals)
    : AuthenticationHandler<ApiKeySchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Options.Read(Request);
        if (presented is null) return AuthenticateResult.NoResult();
        var check = await keys.CheckAsync(presented, Context.RequestAborted);
        if (check.Key is not { } key || check.Refusal != ApiKeyRefusal.None) return Rejected(check.Reason ?? "The key is unknown.");
        // A working key of another scope is no guess: refused here, but not counted by the key-guessing throttle.
        if (key.Scope != Options.Scope) return Refused($"The key is {Describe(key.Scope)}; this API takes {Describe(Options.Scope)}.");

        var claims = cache.Principal<Claim[]>(key.Prefix);
        if (claims is null)
        {
            var ticket = cache.BeginRead();
            var user = await users.FindByIdAsync(key.UserId);
            if (user is null) return Rejected("The key's user no longer exists.");
            claims = [.. (await principals.CreateAsync(user)).Claims, new Claim(KeyIdClaim, key.Id.ToString())];
            cache.RememberPrincipal(ticket, key.Prefix, claims);
        }
        var identity = new ClaimsIdentity(claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    /// <summary>Whether this request presented a key that is unknown, revoked or expired (what the key-guessing throttle counts).</summary>
    public static bool WasRejected(HttpContext context) => context.Items.ContainsKey(RejectedKey);

    /// <summary>Why the request's key was refused, or what to send when it sent none: the detail of its 401 problem.</summary>
    public static string? ProblemDetail(HttpContext context) => context.Items.TryGetValue(DetailKey, out var detail) ? detail as string : null;

    private static readonly object RejectedKey = new(), DetailKey = new();

    private AuthenticateResult Rejected(string reason)
    {
        Context.Items[RejectedKey] = true;
        return Refused(reason);
    }

    private AuthenticateResult Refused(string reason)
    {
        Context.Items[DetailKey] = reason;
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", Options.Challenge);
        Context.Items[DetailKey] ??= Options.Hint;
        return Task.CompletedTask;
    }

    private static string Describe(ApiKeyScope scope) => scope == ApiKeyScope.Images ? "a personal access token (pat_…)" : "a logistics API key (ptl_…)";

    /// <summary>The key text from <c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c>, or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(SchemeName.Length + 1)..] : null;
    }

    /// <summary>
    /// A portal key sent as <c>Authorization: Bearer {key}</c>, or null; other bearer tokens (an OpenID Connect access
    /// token) are not keys and are left to their own scheme.
    /// </summary>
    public static string? PresentedBearerKey(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var token = authorization[bearer.Length..].Trim();
        return ApiKeyService.LooksLikeKey(token) ? token : null;
    }

    /// <summary>Any portal key the request presents, however sent: what the key-guessing throttle watches.</summary>
    public static string? PresentedAnyKey(HttpRequest request) => PresentedKey(request) ?? PresentedBearerKey(request);
}

public static class ApiKeyAuthenticationComposition
{
    /// <summary>Adds an API key scheme named <paramref name="name"/> for keys of <paramref name="scope"/>.</summary>
    public static AuthenticationBuilder AddApiKeyScheme(this AuthenticationBuilder authentication, string name, ApiKeyScope scope,
        Func<HttpRequest, string?> read, string challenge, string hint) =>
        authentication.AddScheme<ApiKeySchemeOptions, ApiKeyAuthenticationHandler>(name, options =>
        {
            options.Scope = scope;
            options.Read = read;
            options.Challenge = challenge;
            options.Hint = hint;
        });
}
