using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Portal.Engine.Demo;

namespace Portal.Tests.Infrastructure;

/// <summary>Signs in through the real sign-in form (antiforgery token and all) and keeps the cookie.</summary>
public static partial class SignedInClient
{
    public static HttpClient Anonymous(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static async Task<HttpClient> ForRoleAsync(WebApplicationFactory<Program> factory, string role)
    {
        var client = Anonymous(factory);
        var response = await PostSignInAsync(client, DemoAccounts.For(role).Email, new DemoOptions().Password);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("error=", response.Headers.Location!.OriginalString);
        await UseAntiforgeryTokenAsync(client);
        return client;
    }

    /// <summary>Sends the session's antiforgery token with every request, as the portal's APIs require of session changes.</summary>
    public static async Task UseAntiforgeryTokenAsync(HttpClient client)
    {
        var token = await client.GetFromJsonAsync<Portal.Composition.AntiforgeryTokenResponse>("/api/account/antiforgery");
        client.DefaultRequestHeaders.Remove(token!.HeaderName);
        client.DefaultRequestHeaders.Add(token.HeaderName, token.Token);
    }

    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var form = await client.GetStringAsync("/account/login");
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, "sign-in form has no antiforgery token");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["Email"] = email,
            ["Password"] = password,
        };
        if (returnUrl is not null) fields["ReturnUrl"] = returnUrl;
        return await client.PostAsync("/account/signin", new FormUrlEncodedContent(fields));
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
