using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Oidc;

/// <summary>
/// The throwaway OIDC provider standing in for Cognito (scripts/peers/oidc.sh): its issuer and app client,
/// per-login group overrides, and access tokens for a user by the code flow scripted over HTTP (no browser).
/// </summary>
public sealed partial class OidcPeer
{
    public const string IssuerVariable = "PORTAL_TEST_OIDC";

    private static readonly HttpClient Control = new() { Timeout = TimeSpan.FromSeconds(30) };

    private OidcPeer(Uri issuer, string clientId, string clientSecret)
    {
        Issuer = issuer;
        ClientId = clientId;
        ClientSecret = clientSecret;
    }

    /// <summary>The issuer URL without a trailing slash, as the provider names itself.</summary>
    public string Authority => Issuer.GetLeftPart(UriPartial.Authority);
    public Uri Issuer { get; }
    public string ClientId { get; }
    public string ClientSecret { get; }

    /// <summary>The peer from the environment; skips the test on a developer machine without it, fails under CI=true.</summary>
    public static OidcPeer Require()
    {
        var issuer = PeerRequirement.Require(IssuerVariable, "The OIDC provider (Cognito stand-in)");
        var clientId = Environment.GetEnvironmentVariable("PORTAL_TEST_OIDC_CLIENT_ID");
        var secret = Environment.GetEnvironmentVariable("PORTAL_TEST_OIDC_CLIENT_SECRET");
        if (string.IsNullOrEmpty(clientId) || string.IsNullOrEmpty(secret))
            throw new InvalidOperationException($"{IssuerVariable} is set but PORTAL_TEST_OIDC_CLIENT_ID / PORTAL_TEST_OIDC_CLIENT_SECRET are not (oidc_start exports all three).");
        return new OidcPeer(new Uri(issuer.TrimEnd('/') + "/"), clientId, secret);
    }

    /// <summary>The app settings that point Portal at this provider (plain http on loopback).</summary>
    public Dictionary<string, string?> AppSettings() => new()
    {
        ["Authentication:Oidc:Authority"] = Authority,
        ["Authentication:Oidc:ClientId"] = ClientId,
        ["Authentication:Oidc:ClientSecret"] = ClientSecret,
        ["Authentication:Oidc:RequireHttpsMetadata"] = "false",
        ["Authentication:Oidc:LogoutBase"] = Authority,
        ["Authentication:Oidc:DisplayName"] = "Test Cognito",
    };

    /// <summary>A login no other test (or earlier run against the same provider) uses; its prefix picks the groups.</summary>
    public static string NewLogin(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static string EmailOf(string login) => login.Contains('@') ? login.ToLowerInvariant() : $"{login.ToLowerInvariant()}@users.oidc.test";

    /// <summary>Overrides the groups of <paramref name="login"/> (and whether its access tokens come out already expired).</summary>
    public async Task SetAccountAsync(string login, string[] groups, bool expiredAccessTokens = false)
    {
        var response = await Control.PutAsJsonAsync(new Uri(Issuer, $"_test/accounts/{Uri.EscapeDataString(login)}"),
            new { groups, expiredAccessTokens });
        response.EnsureSuccessStatusCode();
    }

    public sealed record Tokens(string AccessToken, string IdToken);

    /// <summary>
    /// Signs <paramref name="login"/> in at the provider as this app's client would (authorization code + PKCE,
    /// the dev login form posted over HTTP) and redeems the code: a real user's access and ID tokens.
    /// </summary>
    public async Task<Tokens> TokensForAsync(string login)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        const string redirectUri = "http://127.0.0.1/signin-oidc";
        var verifier = Base64Url(RandomNumberGenerator.GetBytes(32));
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var state = Base64Url(RandomNumberGenerator.GetBytes(16));
        var authorize = new Uri(Issuer, "auth?" + string.Join("&", new Dictionary<string, string>
        {
            ["client_id"] = ClientId, ["response_type"] = "code", ["scope"] = "openid email profile",
            ["redirect_uri"] = redirectUri, ["code_challenge"] = challenge, ["code_challenge_method"] = "S256",
            ["state"] = state, ["nonce"] = Base64Url(RandomNumberGenerator.GetBytes(16)),
        }.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));

        var response = await http.GetAsync(authorize);
        for (var hop = 0; hop < 10; hop++)
        {
            if (response.StatusCode is HttpStatusCode.OK)
            {
                var form = await response.Content.ReadAsStringAsync();
                response = await http.PostAsync(LoginFormAction(response.RequestMessage!.RequestUri!, form), LoginForm(login));
                continue;
            }
            Assert.True((int)response.StatusCode is >= 300 and < 400, $"provider answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var next = new Uri(response.RequestMessage!.RequestUri!, response.Headers.Location!);
            if (next.GetLeftPart(UriPartial.Path) == redirectUri)
            {
                var query = System.Web.HttpUtility.ParseQueryString(next.Query);
                Assert.Equal(state, query["state"]);
                Assert.True(query["code"] is not null, $"no code in {next}");
                var token = await http.PostAsync(new Uri(Issuer, "token"), new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "authorization_code", ["code"] = query["code"]!, ["redirect_uri"] = redirectUri,
                    ["code_verifier"] = verifier, ["client_id"] = ClientId, ["client_secret"] = ClientSecret,
                }));
                var json = await token.Content.ReadFromJsonAsync<JsonElement>();
                Assert.True(token.IsSuccessStatusCode, $"token endpoint: {json}");
                return new Tokens(json.GetProperty("access_token").GetString()!, json.GetProperty("id_token").GetString()!);
            }
            response = await http.GetAsync(next);
        }
        throw new InvalidOperationException("The provider did not redirect back with a code.");
    }

    /// <summary>Whether <paramref name="html"/> is the provider's dev login form.</summary>
    public static bool IsLoginForm(string html) => html.Contains("name=\"login\"") && FormAction().IsMatch(html);

    public static Uri LoginFormAction(Uri page, string html)
    {
        var action = FormAction().Match(html);
        Assert.True(action.Success, "the provider page has no login form");
        return new Uri(page, WebUtility.HtmlDecode(action.Groups[1].Value));
    }

    public static FormUrlEncodedContent LoginForm(string login) => new(new Dictionary<string, string>
    {
        ["prompt"] = "login", ["login"] = login, ["password"] = "any-password",
    });

    /// <summary>The JSON payload of a JWT (no validation).</summary>
    public static JsonElement Payload(string jwt) =>
        JsonDocument.Parse(Base64UrlDecode(jwt.Split('.')[1])).RootElement.Clone();

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[] Base64UrlDecode(string text)
    {
        var padded = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(padded + new string('=', (4 - padded.Length % 4) % 4));
    }

    [GeneratedRegex("<form[^>]*action=\"([^\"]+)\"[^>]*method=\"post\"")]
    private static partial Regex FormAction();
}
