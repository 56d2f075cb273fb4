using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Portal.Tests.Composition.Oidc;

/// <summary>
/// A browser for the sign-in journeys: the in-process app (TestServer, reached as http://localhost) and the real
/// provider on loopback, each with its own cookies, following redirects between them by hand and filling in the
/// provider's login form when it shows up.
/// </summary>
public sealed partial class OidcBrowser : IDisposable
{
    private readonly OidcPeer _peer;
    private readonly HttpClientHandler _providerHandler = new() { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };

    public OidcBrowser(WebApplicationFactory<Program> app, OidcPeer peer)
    {
        _peer = peer;
        App = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Provider = new HttpClient(_providerHandler) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient App { get; }
    public HttpClient Provider { get; }

    /// <summary>Every request of a journey, and where it ended.</summary>
    public sealed record Journey(HttpResponseMessage Final, string FinalBody, IReadOnlyList<Uri> Requests, bool LoginFormShown)
    {
        public Uri FinalUri => Final.RequestMessage!.RequestUri!;
        public bool Visited(string pathAndQueryStart) => Requests.Any(u => u.PathAndQuery.StartsWith(pathAndQueryStart, StringComparison.Ordinal));
    }

    /// <summary>GETs <paramref name="url"/> (an app path or an absolute URL) and follows the journey; signs in as <paramref name="login"/> if the provider asks (null: stop at its form).</summary>
    public Task<Journey> GoAsync(string url, string? login) => FollowAsync(new HttpRequestMessage(HttpMethod.Get, Absolute(url)), login);

    /// <summary>Posts the app's sign-out form (with its antiforgery token) to <paramref name="path"/> and follows the journey.</summary>
    public async Task<Journey> PostSignOutAsync(string path)
    {
        var page = await App.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, "no antiforgery token on /account/login");
        var request = new HttpRequestMessage(HttpMethod.Post, Absolute(path))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) }),
        };
        return await FollowAsync(request, login: null);
    }

    private async Task<Journey> FollowAsync(HttpRequestMessage first, string? login)
    {
        var requests = new List<Uri> { first.RequestUri! };
        var loginFormShown = false;
        var response = await SendAsync(first);
        for (var hop = 0; hop < 25; hop++)
        {
            var uri = response.RequestMessage!.RequestUri!;
            if ((int)response.StatusCode is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var next = new Uri(uri, location);
                requests.Add(next);
                response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, next));
                continue;
            }
            if (IsProvider(uri) && response.StatusCode == HttpStatusCode.OK)
            {
                var html = await response.Content.ReadAsStringAsync();
                if (OidcPeer.IsLoginForm(html))
                {
                    loginFormShown = true;
                    if (login is null) return new Journey(response, html, requests, true);
                    var action = OidcPeer.LoginFormAction(uri, html);
                    requests.Add(action);
                    response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, action) { Content = OidcPeer.LoginForm(login) });
                    login = null; // sign in once; a second form means the login was refused
                    continue;
                }
            }
            break;
        }
        return new Journey(response, await response.Content.ReadAsStringAsync(), requests, loginFormShown);
    }

    private Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) =>
        IsProvider(request.RequestUri!) ? Provider.SendAsync(request)
        : request.RequestUri!.Host == "localhost" ? App.SendAsync(request)
        : throw new InvalidOperationException($"The journey left the app and the provider: {request.RequestUri}");

    private bool IsProvider(Uri uri) => uri.IsAbsoluteUri && uri.Authority == _peer.Issuer.Authority;

    private Uri Absolute(string url) => Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme.StartsWith("http")
        ? absolute
        : new Uri(App.BaseAddress!, url);

    public void Dispose()
    {
        App.Dispose();
        Provider.Dispose();
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
