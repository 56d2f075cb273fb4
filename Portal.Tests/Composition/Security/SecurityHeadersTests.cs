using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Portal.Composition.Security;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Security;

/// <summary>Every kind of answer carries the security headers; pages get the page policy with a fresh nonce, the rest a policy that runs nothing.</summary>
public sealed partial class SecurityHeadersTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task A_page_gets_the_page_policy_whose_nonce_is_on_the_import_map_and_changes_per_answer()
    {
        var client = SignedInClient.Anonymous(app.Factory);
        var first = await client.GetAsync("/account/login");
        var second = await client.GetAsync("/account/login");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var policy = CspOf(first);
        var nonce = NonceIn().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.NotEqual(nonce, NonceIn().Match(CspOf(second)).Groups[1].Value);
        Assert.Contains($"<script type=\"importmap\" nonce=\"{nonce}\"", await first.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self' 'nonce-", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
        foreach (var directive in new[] { "default-src 'self'", "connect-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'" })
            Assert.Contains(directive, policy);
        AssertCommonHeaders(first);
    }

    [Theory]
    [InlineData("/api/catalog")]
    [InlineData("/api/catalog/categories")]
    [InlineData("/catalog-img/no-such-photo.jpg")]
    [InlineData("/aws/athena")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/health/live")]
    public async Task Apis_images_and_aws_answers_get_a_policy_that_runs_nothing(string path)
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync(path);
        Assert.Equal(ContentSecurityPolicy.ForResource, CspOf(response));
        AssertCommonHeaders(response);
    }

    [Fact]
    public async Task The_api_reference_page_admits_exactly_its_own_inline_scripts_by_hash()
    {
        var response = await SignedInClient.Anonymous(app.Factory).GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var inline = InlineScript().Matches(html).Where(m => !m.Groups[1].Value.Contains("src=")).Select(m => m.Groups[2].Value).ToList();
        Assert.NotEmpty(inline);
        var policy = CspOf(response);
        foreach (var script in inline)
            Assert.Contains($"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", policy);
        Assert.DoesNotMatch("script-src[^;]*unsafe-inline", policy);
        // Scalar's bundle compiles code at run time; only this page allows it.
        Assert.Contains("'unsafe-eval'", policy);
    }

    [Fact]
    public async Task Hsts_is_sent_over_https_only()
    {
        var https = SignedInClient.Anonymous(app.Factory);
        https.BaseAddress = new Uri("https://portal.example");
        var secure = await https.GetAsync("/health/live");
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(",", secure.Headers.GetValues("Strict-Transport-Security")));

        var plain = await SignedInClient.Anonymous(app.Factory).GetAsync("/health/live");
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    private static void AssertCommonHeaders(HttpResponseMessage response)
    {
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal(SecurityHeaders.ReferrerPolicy, Single(response, "Referrer-Policy"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Single(response, "Permissions-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"));
        Assert.Equal("same-origin", Single(response, "Cross-Origin-Opener-Policy"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
    }

    private static string CspOf(HttpResponseMessage response) => Single(response, "Content-Security-Policy");

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values
            : response.Content.Headers.TryGetValues(header, out var content) ? content : []);

    [GeneratedRegex("'nonce-([^']+)'")]
    private static partial Regex NonceIn();

    [GeneratedRegex("<script([^>]*)>(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex InlineScript();
}
