using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Engine.Identity.Administration;
using Portal.Features.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Admin;

/// <summary>In the running app: an invitation link sets a password that then signs in; the last administrator stays one.</summary>
public sealed partial class InvitationSignInTests(PortalAppFixture app) : IClassFixture<PortalAppFixture>
{
    private UserAdministration Administration => app.Factory.Services.GetRequiredService<UserAdministration>();

    private static async Task<HttpResponseMessage> PostSetPasswordAsync(HttpClient client, string link, string password, string confirm)
    {
        var page = await client.GetStringAsync(link);
        var token = Antiforgery().Match(page);
        Assert.True(token.Success, "the set-password page has no form");
        var fields = new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value),
            ["User"] = WebUtility.HtmlDecode(Field("User").Match(page).Groups[1].Value),
            ["Token"] = WebUtility.HtmlDecode(Field("Token").Match(page).Groups[1].Value),
            ["Password"] = password,
            ["Confirm"] = confirm,
        };
        return await client.PostAsync(SetPasswordEndpoints.FormPath, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task The_invitation_link_sets_the_password_and_the_account_then_signs_in_with_its_role()
    {
        var created = await Administration.CreateAsync("invited@example.com", "Invited Person", [Roles.Logistics], DemoAccounts.For(Roles.Admin).Email);
        Assert.True(created.Succeeded, created.Error);
        var link = SetPasswordEndpoints.Link("http://localhost/", created.UserId!, created.PasswordToken!);
        var client = SignedInClient.Anonymous(app.Factory);

        var mismatch = await PostSetPasswordAsync(client, link, "Invited-Password1", "Other-Password1");
        Assert.Contains("error=", mismatch.Headers.Location!.OriginalString);
        var set = await PostSetPasswordAsync(client, link, "Invited-Password1", "Invited-Password1");
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/account/login?passwordSet=true", set.Headers.Location!.OriginalString);

        var signIn = await SignedInClient.PostSignInAsync(client, "invited@example.com", "Invited-Password1");
        Assert.DoesNotContain("error=", signIn.Headers.Location!.OriginalString);
        Assert.Contains("\"Logistics\"", await client.GetStringAsync("/api/account/me"));

        // The link worked once.
        var again = await PostSetPasswordAsync(SignedInClient.Anonymous(app.Factory), link, "Another-Password2", "Another-Password2");
        Assert.Contains(Uri.EscapeDataString(AccountPasswords.InvalidLink), again.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_deactivated_account_cannot_sign_in()
    {
        var created = await Administration.CreateAsync("leaving@example.com", "Leaving", [Roles.Sales], "tests");
        Assert.Null(await app.Factory.Services.GetRequiredService<AccountPasswords>().SetAsync(created.UserId!, created.PasswordToken!, "Leaving-Password1"));
        Assert.True((await Administration.DeactivateAsync(created.UserId!, "tests")).Succeeded);
        var response = await SignedInClient.PostSignInAsync(SignedInClient.Anonymous(app.Factory), "leaving@example.com", "Leaving-Password1");
        Assert.Contains("error=not-allowed", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_last_active_administrator_cannot_be_deactivated_locked_or_lose_the_role_and_still_signs_in()
    {
        var admin = DemoAccounts.For(Roles.Admin).Email;
        var directory = app.Factory.Services.GetRequiredService<UserDirectory>();
        var id = (await directory.PageAsync(admin, 0, 5)).Users.Single(u => u.Email == admin).Id;
        Assert.Equal(1, await directory.ActiveAdminsAsync());

        foreach (var outcome in new[]
                 {
                     await Administration.DeactivateAsync(id, admin), await Administration.LockAsync(id, admin),
                     await Administration.SetRolesAsync(id, [Roles.Sales], admin),
                 })
            Assert.Contains("last active administrator", outcome.Error);

        var response = await SignedInClient.PostSignInAsync(SignedInClient.Anonymous(app.Factory), admin, new DemoOptions().Password);
        Assert.DoesNotContain("error=", response.Headers.Location!.OriginalString);
    }

    [GeneratedRegex("<input[^>]*name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    private static Regex Field(string name) => new($"<input[^>]*name=\"{name}\"[^>]*value=\"([^\"]*)\"");
}
