using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Engine.ApiKeys;
using Portal.Engine.Identity;

namespace Portal.Features.Logistics.Api;

/// <summary>
/// Signs in API callers by the key in <c>X-Api-Key</c> (or <c>Authorization: ApiKey ...</c>) as the
/// user who created it, with that user's current roles; a revoked key, or a user who lost the role, fails.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService keys,
    ApiKeyCache cache,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented();
        if (presented is null) return AuthenticateResult.NoResult();
        var key = await keys.ValidateAsync(presented, Context.RequestAborted);
        if (key is null) return Rejected("The API key is unknown or revoked.");

        var claims = cache.Principal<Claim[]>(key.Prefix);
        if (claims is null)
        {
            var ticket = cache.BeginRead();
            var user = await users.FindByIdAsync(key.UserId);
            if (user is null) return Rejected("The API key's user no longer exists.");
            claims = [.. (await principals.CreateAsync(user)).Claims, new Claim(KeyIdClaim, key.Id.ToString())];
            cache.RememberPrincipal(ticket, key.Prefix, claims);
        }
        var identity = new ClaimsIdentity(claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>Whether this request presented a key that is unknown or revoked (what the key-guessing throttle counts).</summary>
    public static bool WasRejected(HttpContext context) => context.Items.ContainsKey(RejectedKey);

    private static readonly object RejectedKey = new();

    private AuthenticateResult Rejected(string reason)
    {
        Context.Items[RejectedKey] = true;
        return AuthenticateResult.Fail(reason);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{HeaderName}\"";
        return Task.CompletedTask;
    }

    private string? Presented() => PresentedKey(Request);

    /// <summary>The key text from <c>X-Api-Key</c> or <c>Authorization: ApiKey ...</c>, or null.</summary>
    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue(HeaderName, out var header) && !string.IsNullOrWhiteSpace(header)) return header.ToString();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase) ? authorization[(SchemeName.Length + 1)..] : null;
    }
}
