using System.Net;
using System.Text.RegularExpressions;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition;

/// <summary>The API reference page works offline: everything it loads comes from the portal, and no third-party buttons.</summary>
public sealed partial class ApiReferencePageTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    [Fact]
    public async Task Every_script_style_font_and_icon_of_the_page_is_same_origin()
    {
        var client = SignedInClient.Anonymous(app.Factory);
        var page = await client.GetStringAsync("/api/docs/");

        var urls = UrlAttribute().Matches(page).Select(m => m.Groups["url"].Value).Concat(CssUrl().Matches(page).Select(m => m.Groups["url"].Value)).ToList();
        Assert.NotEmpty(urls);
        foreach (var url in urls)
            Assert.False(Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Host != client.BaseAddress!.Host && absolute.Scheme != "data",
                $"The page loads {url} from another site.");

        var script = ScriptSource().Match(page).Groups["url"].Value;
        var bundle = await client.GetAsync(new Uri(new Uri(client.BaseAddress!, "/api/docs/"), script));
        Assert.Equal(HttpStatusCode.OK, bundle.StatusCode);
        Assert.Contains("javascript", bundle.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Fonts_telemetry_agent_and_third_party_buttons_are_off()
    {
        var page = await SignedInClient.Anonymous(app.Factory).GetStringAsync("/api/docs/");

        Assert.DoesNotContain("fonts.scalar.com", page);
        Assert.DoesNotContain("cdn.jsdelivr.net", page);
        foreach (var setting in new[] { "\"withDefaultFonts\":false", "\"telemetry\":false", "\"hideClientButton\":true", "\"showDeveloperTools\":\"never\"" })
            Assert.Contains(setting, page);
        Assert.Matches("\"agent\":\\{[^}]*\"disabled\":true", page);
        Assert.Contains("\"preferredSecurityScheme", page);
        Assert.Contains("ApiKey", page);
    }

    [GeneratedRegex("""(?:src|href)\s*=\s*["'](?<url>[^"']+)["']""")]
    private static partial Regex UrlAttribute();

    [GeneratedRegex("""url\(\s*["']?(?<url>[^"')]+)""")]
    private static partial Regex CssUrl();

    [GeneratedRegex("""<script[^>]*src\s*=\s*["'](?<url>[^"']+)["']""")]
    private static partial Regex ScriptSource();
}
