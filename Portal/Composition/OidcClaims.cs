using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Portal.Engine.Identity;

namespace Portal.Composition;

/// <summary>How the provider's claims become portal identities: groups to roles, tokens to callers.</summary>
public static class OidcClaims
{
    public const string Subject = "sub";
    public const string Email = "email";
    public const string EmailVerified = "email_verified";
    public const string DisplayName = "name";
    public const string CognitoUsername = "cognito:username";
    public const string Username = "username";
    public const string ClientId = "client_id";
    /// <summary>Cognito marks its tokens <c>access</c> or <c>id</c>; only access tokens are meant for APIs.</summary>
    public const string TokenUse = "token_use";

    /// <summary>
    /// The portal roles among the values of <paramref name="roleClaim"/> (Cognito groups), in canonical spelling;
    /// unknown groups are ignored. A value holding a JSON array (some handlers keep arrays whole) is split.
    /// </summary>
    public static IReadOnlyList<string> PortalRoles(IEnumerable<Claim> claims, string roleClaim)
    {
        var roles = new List<string>();
        foreach (var claim in claims.Where(c => c.Type == roleClaim))
        {
            foreach (var group in Values(claim.Value))
            {
                var role = Roles.All.FirstOrDefault(r => string.Equals(r, group.Trim(), StringComparison.OrdinalIgnoreCase));
                if (role is not null && !roles.Contains(role)) roles.Add(role);
            }
        }
        return roles;
    }

    private static IEnumerable<string> Values(string value)
    {
        if (!value.TrimStart().StartsWith('[')) return [value];
        try
        {
            return JsonSerializer.Deserialize<string[]>(value) ?? [];
        }
        catch (JsonException)
        {
            return [value];
        }
    }

    /// <summary>
    /// A token is for this app when its <c>aud</c> holds the app client's id (ID tokens, most providers' access
    /// tokens) or, as in Cognito access tokens that have no <c>aud</c>, its <c>client_id</c> claim is that id.
    /// </summary>
    public static bool AudienceAccepted(IEnumerable<string>? audiences, SecurityToken? token, string clientId)
    {
        if (string.IsNullOrEmpty(clientId)) return false;
        if (audiences?.Any(a => string.Equals(a, clientId, StringComparison.Ordinal)) == true) return true;
        return token is JsonWebToken jwt
            && jwt.TryGetPayloadValue<string>(ClientId, out var tokenClientId)
            && string.Equals(tokenClientId, clientId, StringComparison.Ordinal);
    }

    /// <summary>The name a token's caller is shown and recorded by (e.g. "shipped by"): email, else the user name, else sub.</summary>
    public static string? NameOf(ClaimsPrincipal principal) =>
        new[] { Email, CognitoUsername, Username, Subject }
            .Select(principal.FindFirstValue).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>
    /// The API caller for a validated bearer token: its claims, plus the portal's own shape (name, name identifier
    /// = sub, <see cref="ClaimTypes.Role"/> for each known group), so role checks see only portal roles.
    /// </summary>
    public static ClaimsPrincipal BearerPrincipal(ClaimsPrincipal validated, string roleClaim, string authenticationType)
    {
        var claims = validated.Claims.ToList();
        var identity = new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role);
        if (NameOf(validated) is { } name) identity.AddClaim(new Claim(ClaimTypes.Name, name));
        if (validated.FindFirstValue(Subject) is { } sub) identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, sub));
        foreach (var role in PortalRoles(claims, roleClaim)) identity.AddClaim(new Claim(ClaimTypes.Role, role));
        return new ClaimsPrincipal(identity);
    }
}
