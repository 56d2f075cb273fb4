using System.Net;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Account;

public sealed class SignInTests : IDisposable
{
    private readonly PortalAppFactory _factory = new();

    [Fact]
    public async Task Wrong_password_returns_to_the_form_with_an_error_and_the_email_kept()
    {
        var client = SignedInClient.Anonymous(_factory);
        var response = await SignedInClient.PostSignInAsync(client, "sales@portal.local", "not-the-password");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.Contains("error=invalid", location);
        var page = await client.GetStringAsync(location);
        Assert.Contains("Email or password is not correct, or the account is locked", page);
        Assert.Contains("value=\"sales@portal.local\"", page);
    }

    [Fact]
    public async Task Empty_fields_get_their_own_message()
    {
        var client = SignedInClient.Anonymous(_factory);
        var response = await SignedInClient.PostSignInAsync(client, "", "");
        var page = await client.GetStringAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("Enter your email and password.", page);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        var client = SignedInClient.Anonymous(_factory);
        const string email = "analyst@portal.local";
        for (var attempt = 0; attempt < 5; attempt++)
            await SignedInClient.PostSignInAsync(client, email, "wrong-password");

        var response = await SignedInClient.PostSignInAsync(client, email, new DemoOptions().Password);
        Assert.Contains("error=invalid", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task A_locked_account_answers_like_an_unknown_email_so_accounts_cannot_be_found_out()
    {
        var client = SignedInClient.Anonymous(_factory);
        string Answer(HttpResponseMessage response) => response.Headers.Location!.OriginalString.Split("&email=")[0];
        var answers = new List<(string Known, string Unknown)>();
        for (var attempt = 0; attempt < 7; attempt++)
            answers.Add((Answer(await SignedInClient.PostSignInAsync(client, "sales@portal.local", "wrong-password")),
                         Answer(await SignedInClient.PostSignInAsync(client, "nobody@portal.local", "wrong-password"))));
        Assert.All(answers, pair => Assert.Equal(pair.Unknown, pair.Known));
        var page = await client.GetStringAsync("/account/login?error=invalid");
        Assert.Contains("or the account is locked for 15 minutes", page);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("yes")]
    [InlineData("true")]
    public async Task The_sign_in_page_takes_any_signed_out_flag_without_crashing(string flag)
    {
        var response = await SignedInClient.Anonymous(_factory).GetAsync($"/account/login?signedOut={flag}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Sign_in_returns_to_a_local_page_but_never_to_another_site()
    {
        var client = SignedInClient.Anonymous(_factory);
        var local = await SignedInClient.PostSignInAsync(client, "sales@portal.local", new DemoOptions().Password, "/catalog?page=2");
        Assert.Equal("/catalog?page=2", local.Headers.Location!.OriginalString);

        var other = SignedInClient.Anonymous(_factory);
        var offsite = await SignedInClient.PostSignInAsync(other, "sales@portal.local", new DemoOptions().Password, "//evil.example/steal");
        Assert.Equal("/", offsite.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_in_without_antiforgery_token_is_refused_with_a_message()
    {
        var client = SignedInClient.Anonymous(_factory);
        var response = await client.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "sales@portal.local",
            ["Password"] = new DemoOptions().Password,
        }));
        Assert.Contains("error=expired", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me")).StatusCode);
        Assert.Contains("The sign-in form expired", await client.GetStringAsync(response.Headers.Location!.OriginalString));
    }

    [Theory]
    [InlineData("application/json", "{\"Email\":\"sales@portal.local\"}")]
    [InlineData("multipart/form-data; boundary=x", "--x\r\nnot a part")]
    [InlineData("text/plain", "")]
    public async Task Sign_in_with_a_body_that_is_not_a_form_returns_to_the_form(string contentType, string body)
    {
        var client = SignedInClient.Anonymous(_factory);
        var page = await client.GetStringAsync("/account/login");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/signin")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        request.Headers.Add("RequestVerificationToken", WebUtility.HtmlDecode(token)); // the antiforgery header form

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("error=missing", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var client = await SignedInClient.ForRoleAsync(_factory, Roles.Logistics);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/account/me")).StatusCode);

        var page = await client.GetStringAsync("/logistics");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/account/signout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
        }));

        Assert.Equal("/account/login?signedOut=true", response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/account/me")).StatusCode);
    }

    [Fact]
    public async Task Demo_credentials_are_shown_in_demo_mode()
    {
        var page = await SignedInClient.Anonymous(_factory).GetStringAsync("/account/login");
        Assert.Contains("data-testid=\"demo-accounts\"", page);
        Assert.Contains(new DemoOptions().Password, page);
        foreach (var account in DemoAccounts.All) Assert.Contains(account.Email, page);
    }

    public void Dispose() => _factory.Dispose();
}

public sealed class DemoModeOffTests : IDisposable
{
    private readonly PortalAppFactory _factory = new(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });

    [Fact]
    public async Task Without_demo_mode_there_are_no_demo_credentials_and_no_demo_accounts()
    {
        var client = SignedInClient.Anonymous(_factory);
        var page = await client.GetStringAsync("/account/login");
        Assert.DoesNotContain("demo-accounts", page);
        Assert.DoesNotContain(new DemoOptions().Password, page);

        var response = await SignedInClient.PostSignInAsync(client, "admin@portal.local", new DemoOptions().Password);
        Assert.Contains("error=invalid", response.Headers.Location!.OriginalString);
    }

    public void Dispose() => _factory.Dispose();
}
