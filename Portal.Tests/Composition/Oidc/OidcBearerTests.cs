using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Portal.Engine.Identity;

namespace Portal.Tests.Composition.Oidc;

/// <summary>
/// The logistics API called with <c>Authorization: Bearer</c> access tokens from the OIDC provider (JWTs with
/// client_id and cognito:groups, as Cognito issues them): the group decides, forged or expired tokens are refused.
/// </summary>
public sealed class OidcBearerTests(OidcAppFixture fixture) : IClassFixture<OidcAppFixture>
{
    private const string Orders = "/api/logistics/orders?pageSize=1";

    private static async Task<HttpResponseMessage> GetWithTokenAsync(OidcAppFactory factory, string url, string token)
    {
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.GetAsync(url);
    }

    [SkippableTheory]
    [InlineData("logistics", HttpStatusCode.OK)]
    [InlineData("admin", HttpStatusCode.OK)]
    [InlineData("customer", HttpStatusCode.Forbidden)]
    [InlineData("sales", HttpStatusCode.Forbidden)]
    [InlineData("nogroup", HttpStatusCode.Forbidden)]
    public async Task The_users_group_decides_whether_its_access_token_reads_the_logistics_api(string prefix, HttpStatusCode expected)
    {
        var (peer, factory) = fixture.Require();
        var tokens = await peer.TokensForAsync(OidcPeer.NewLogin(prefix));
        var claims = OidcPeer.Payload(tokens.AccessToken);
        Assert.Equal(peer.ClientId, claims.GetProperty("client_id").GetString()); // like Cognito: the app is named by client_id ...
        Assert.NotEqual(peer.ClientId, claims.GetProperty("aud").GetString());    // ... not by the audience

        var response = await GetWithTokenAsync(factory, Orders, tokens.AccessToken);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK)
        {
            var page = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1, page.GetProperty("pageSize").GetInt32());
            Assert.True(page.GetProperty("total").GetInt32() >= page.GetProperty("items").GetArrayLength());
        }
    }

    [SkippableFact]
    public async Task An_id_token_is_not_an_access_token()
    {
        var (peer, factory) = fixture.Require();
        var tokens = await peer.TokensForAsync(OidcPeer.NewLogin("logistics"));
        Assert.Equal(HttpStatusCode.OK, (await GetWithTokenAsync(factory, Orders, tokens.AccessToken)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(factory, Orders, tokens.IdToken)).StatusCode);
    }

    [SkippableFact]
    public async Task A_token_whose_groups_were_edited_is_refused()
    {
        var (peer, factory) = fixture.Require();
        var token = (await peer.TokensForAsync(OidcPeer.NewLogin("customer"))).AccessToken;
        Assert.Equal(HttpStatusCode.Forbidden, (await GetWithTokenAsync(factory, Orders, token)).StatusCode);

        // Promote the customer to Logistics by rewriting the payload; the signature no longer matches.
        var parts = token.Split('.');
        var payload = JsonNode.Parse(OidcPeer.Base64UrlDecode(parts[1]))!.AsObject();
        payload["cognito:groups"] = new JsonArray(Roles.Logistics);
        var forged = $"{parts[0]}.{OidcPeer.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(factory, Orders, forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(factory, Orders, $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetWithTokenAsync(factory, Orders, "not-a-jwt")).StatusCode);
    }

    [SkippableFact]
    public async Task An_expired_token_is_refused()
    {
        var (peer, factory) = fixture.Require();
        var login = OidcPeer.NewLogin("logistics");
        await peer.SetAccountAsync(login, [Roles.Logistics], expiredAccessTokens: true);
        var token = (await peer.TokensForAsync(login)).AccessToken;
        var expires = DateTimeOffset.FromUnixTimeSeconds(OidcPeer.Payload(token).GetProperty("exp").GetInt64());
        Assert.True(expires < DateTimeOffset.UtcNow.AddMinutes(-30), $"the peer should have issued an expired token, exp={expires:O}");

        var response = await GetWithTokenAsync(factory, Orders, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [SkippableFact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var (peer, factory) = fixture.Require();
        // Same claims shape, signed by a key the provider never published.
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var header = OidcPeer.Base64Url(Encoding.UTF8.GetBytes("""{"alg":"RS256","typ":"at+jwt","kid":"foreign"}"""));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var body = OidcPeer.Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = peer.Authority, ["sub"] = "intruder", ["client_id"] = peer.ClientId, ["aud"] = peer.ClientId,
            ["iat"] = now, ["exp"] = now + 600, ["token_use"] = "access", ["cognito:groups"] = new[] { Roles.Admin },
        })));
        var signature = rsa.SignData(Encoding.ASCII.GetBytes($"{header}.{body}"), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);

        var response = await GetWithTokenAsync(factory, Orders, $"{header}.{body}.{OidcPeer.Base64Url(signature)}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
