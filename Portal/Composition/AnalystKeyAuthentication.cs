using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Portal.Composition.AwsSigV4;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Identity;

namespace Portal.Composition;

/// <summary>
/// Signs in scripts that send an analyst's access key as <c>Authorization: Bearer ACCESS_KEY_ID:SECRET</c> (what R's
/// <c>httr2::req_auth_bearer_token</c>, curl's <c>--oauth2-bearer</c> or any HTTP library sends without an AWS signer).
/// Over plain HTTP the secret travels in the clear, as any bearer token does: use HTTPS beyond loopback.
/// </summary>
public sealed class AnalystKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IAnalystAccessKeys keys,
    AnalystKeyCache signIns,
    TimeProvider clock,
    UserManager<PortalUser> users,
    IUserClaimsPrincipalFactory<PortalUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AnalystKey";
    public const string Hint = "Sign in, or send your analyst access key as 'Authorization: Bearer ACCESS_KEY_ID:SECRET' "
        + "(create one under Analytics > Access keys).";
    private static readonly object DetailKey = new();

    /// <summary>How stale the key's "last used" may get (the key service records at most once a minute anyway).</summary>
    private static readonly TimeSpan RecordUseEvery = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Presented(Request) is not var (id, secret)) return AuthenticateResult.NoResult();
        var signIn = signIns.Find(id, secret) ?? await SignInAsync(id, secret);
        if (signIn is null) return AuthenticateResult.Fail((string)Context.Items[DetailKey]!);
        if (clock.GetUtcNow() - signIn.RecordedUseAt >= RecordUseEvery)
        {
            signIn.RecordedUseAt = clock.GetUtcNow();
            await keys.RecordUseAsync(id, Context.RequestAborted);
        }
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(signIn.Claims, Scheme.Name, ClaimTypes.Name, ClaimTypes.Role)), Scheme.Name));
    }

    /// <summary>The key checked against the database (secret, revocation, its user), remembered in <see cref="AnalystKeyCache"/>; null when refused.</summary>
    private async Task<AnalystKeyCache.SignIn?> SignInAsync(string id, string secret)
    {
        var ticket = signIns.BeginRead();
        var credential = await keys.FindAsync(id, Context.RequestAborted);
        if (credential is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential.SecretAccessKey), Encoding.UTF8.GetBytes(secret)))
            return Refused($"The access key {id} is not one the portal issued, or its secret does not match (send ACCESS_KEY_ID:SECRET, both copied whole).");
        if (!credential.Active) return Refused($"The access key {id} was revoked; create a new one under Analytics > Access keys.");
        var user = await users.FindByIdAsync(credential.UserId);
        if (user is null || await users.IsLockedOutAsync(user)) return Refused($"The account of access key {id} cannot sign in.");
        var claims = (await principals.CreateAsync(user)).Claims.Append(new Claim(AwsSigV4AuthenticationHandler.AccessKeyIdClaim, id)).ToArray();
        return signIns.Remember(ticket, id, secret, claims, DateTimeOffset.MinValue);
    }

    private AnalystKeyCache.SignIn? Refused(string reason)
    {
        Context.Items[DetailKey] = reason;
        return null;
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.Append("WWW-Authenticate", "Bearer realm=\"portal-analytics\"");
        Context.Items[DetailKey] ??= Hint;
        return Task.CompletedTask;
    }

    /// <summary>Why the request's key was refused, or what to send when it sent none: the detail of its 401 problem.</summary>
    public static string? ProblemDetail(HttpContext context) => context.Items.TryGetValue(DetailKey, out var detail) ? detail as string : null;

    /// <summary>The key id and secret of <c>Authorization: Bearer ID:SECRET</c>, or null (other bearer tokens are left to their schemes).</summary>
    public static (string Id, string Secret)? Presented(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        const string bearer = "Bearer ";
        if (!authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase)) return null;
        var token = authorization[bearer.Length..].Trim();
        var colon = token.IndexOf(':');
        if (colon <= 0 || colon == token.Length - 1) return null;
        var id = token[..colon];
        return AnalystAccessKeyText.IdError(id) is null ? (id, token[(colon + 1)..]) : null;
    }
}
