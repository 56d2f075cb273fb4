using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Portal.Composition;
using Portal.Engine.Demo;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Oidc;

/// <summary>
/// Sign-in with the OIDC provider (the Cognito stand-in, scripts/peers/oidc.sh) end to end: provider login form,
/// callback, local account linked to the external login, roles from cognito:groups, sign-out of both.
/// </summary>
public sealed class OidcSignInTests(OidcAppFixture fixture) : IClassFixture<OidcAppFixture>
{
    private sealed record Me(string Name, string[] Roles, string[] Areas);

    private static async Task<Me?> MeAsync(OidcBrowser browser)
    {
        var response = await browser.App.GetAsync("/api/account/me");
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<Me>() : null;
    }

    private async Task<(PortalUser? User, IList<string> Roles, int UsersWithEmail)> LocalAccountAsync(OidcAppFactory factory, string login)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByLoginAsync(OidcComposition.OidcScheme, login);
        var sameEmail = users.Users.Count(u => u.NormalizedEmail == OidcPeer.EmailOf(login).ToUpperInvariant());
        return (user, user is null ? [] : await users.GetRolesAsync(user), sameEmail);
    }

    [SkippableFact]
    public async Task A_logistics_user_signs_in_with_the_provider_and_lands_signed_in_with_the_Logistics_role()
    {
        var (peer, factory) = fixture.Require();
        var login = OidcPeer.NewLogin("logistics");
        using var browser = new OidcBrowser(factory, peer);

        var journey = await browser.GoAsync("/account/external/signin?returnUrl=%2Flogistics", login);

        Assert.True(journey.LoginFormShown, "the provider should have asked for the login");
        Assert.True(journey.Visited("/signin-oidc?code="), "the provider should come back to the app with a code");
        Assert.True(journey.Visited("/account/external/callback"));
        Assert.Equal(HttpStatusCode.OK, journey.Final.StatusCode);
        Assert.Equal("/logistics", journey.FinalUri.AbsolutePath);

        var me = await MeAsync(browser);
        Assert.NotNull(me);
        Assert.Equal(OidcPeer.EmailOf(login), me.Name);
        Assert.Equal([Roles.Logistics], me.Roles);
        Assert.Equal(["logistics"], me.Areas);

        var (user, roles, usersWithEmail) = await LocalAccountAsync(factory, login);
        Assert.NotNull(user);
        Assert.Equal(OidcPeer.EmailOf(login), user.Email);
        Assert.True(user.EmailConfirmed, "email_verified=true from the provider");
        Assert.Equal($"Test {login}", user.DisplayName);
        Assert.Equal([Roles.Logistics], roles);
        Assert.Equal(1, usersWithEmail);
    }

    [SkippableFact]
    public async Task Roles_are_re_synced_from_the_groups_at_every_sign_in_and_unknown_groups_are_ignored()
    {
        var (peer, factory) = fixture.Require();
        var login = OidcPeer.NewLogin("logistics");

        using (var first = new OidcBrowser(factory, peer))
        {
            await first.GoAsync("/account/external/signin?returnUrl=%2Fapi%2Faccount%2Fme", login);
            Assert.Equal([Roles.Logistics], (await MeAsync(first))!.Roles);
        }
        var (firstUser, _, _) = await LocalAccountAsync(factory, login);

        await peer.SetAccountAsync(login, ["sales", "Analyst", "Beta-Testers"]);
        using (var second = new OidcBrowser(factory, peer))
        {
            var journey = await second.GoAsync("/account/external/signin?returnUrl=%2Fapi%2Faccount%2Fme", login);
            Assert.Equal(HttpStatusCode.OK, journey.Final.StatusCode);
            var me = await MeAsync(second);
            Assert.NotNull(me);
            Assert.Equal([Roles.Analyst, Roles.Sales], me.Roles.Order());
        }
        var (user, roles, usersWithEmail) = await LocalAccountAsync(factory, login);
        Assert.Equal(firstUser!.Id, user!.Id);
        Assert.Equal([Roles.Analyst, Roles.Sales], roles.Order());
        Assert.Equal(1, usersWithEmail);

        await peer.SetAccountAsync(login, []);
        using (var third = new OidcBrowser(factory, peer))
        {
            var journey = await third.GoAsync("/account/external/signin", login);
            Assert.Equal("/account/no-role", journey.FinalUri.AbsolutePath);
            var me = await MeAsync(third);
            Assert.NotNull(me);
            Assert.Empty(me.Roles);
        }
        Assert.Empty((await LocalAccountAsync(factory, login)).Roles);
    }

    [SkippableFact]
    public async Task The_return_url_may_only_be_a_local_page()
    {
        var (peer, factory) = fixture.Require();
        using var browser = new OidcBrowser(factory, peer);

        var journey = await browser.GoAsync("/account/external/signin?returnUrl=%2F%2Fevil.example%2Fsteal", OidcPeer.NewLogin("sales"));

        Assert.DoesNotContain(journey.Requests, u => u.Host.Contains("evil"));
        Assert.Equal("/catalog", journey.FinalUri.AbsolutePath); // "/" sends Sales to their landing page
        Assert.Equal([Roles.Sales], (await MeAsync(browser))!.Roles);
    }

    [SkippableTheory]
    [InlineData("/account/external/signout")]
    [InlineData("/account/signout")] // the account menu's sign-out, which hands OIDC users to ExternalSignOut
    public async Task Signing_out_ends_the_portal_session_and_the_provider_session(string signOutPath)
    {
        var (peer, factory) = fixture.Require();
        var login = OidcPeer.NewLogin("customer");
        using var browser = new OidcBrowser(factory, peer);
        await browser.GoAsync("/account/external/signin?returnUrl=%2Fapi%2Faccount%2Fme", login);
        Assert.Equal([Roles.Customer], (await MeAsync(browser))!.Roles);

        // While the provider session lasts, signing in again needs no login form (single sign-on) ...
        var again = await browser.GoAsync("/account/external/signin?returnUrl=%2Fapi%2Faccount%2Fme", login: null);
        Assert.False(again.LoginFormShown);
        Assert.Equal(HttpStatusCode.OK, again.Final.StatusCode);

        var signOut = await browser.PostSignOutAsync(signOutPath);

        var logout = Assert.Single(signOut.Requests, u => u.AbsolutePath == "/logout");
        Assert.Equal(peer.Issuer.Authority, logout.Authority);
        Assert.Contains($"client_id={peer.ClientId}", logout.Query);
        Assert.Contains("logout_uri=http%3A%2F%2Flocalhost%2Faccount%2Fexternal%2Fsigned-out", logout.Query);
        Assert.Equal("/account/login", signOut.FinalUri.AbsolutePath);
        Assert.Contains("You have signed out.", signOut.FinalBody);
        Assert.Null(await MeAsync(browser));

        // ... and after sign-out the provider asks for the login again.
        var afterwards = await browser.GoAsync("/account/external/signin", login: null);
        Assert.True(afterwards.LoginFormShown, "the provider session should have ended");
        Assert.Equal(peer.Issuer.Authority, afterwards.FinalUri.Authority);
    }

    [SkippableFact]
    public async Task Sign_out_still_ends_the_provider_session_after_the_portal_refreshed_the_sign_in()
    {
        var peer = fixture.Require().Peer;
        // Re-check the security stamp on every request: the cookie's principal is rebuilt from the database each time.
        using var factory = new OidcAppFactory(peer.AppSettings(), services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero));
        var login = OidcPeer.NewLogin("analyst");
        using var browser = new OidcBrowser(factory, peer);
        await browser.GoAsync("/account/external/signin?returnUrl=%2Fapi%2Faccount%2Fme", login);
        await Task.Delay(50);
        Assert.Equal([Roles.Analyst], (await MeAsync(browser))!.Roles);
        await Task.Delay(50);

        var signOut = await browser.PostSignOutAsync("/account/external/signout");

        Assert.Contains(signOut.Requests, u => u.Authority == peer.Issuer.Authority && u.AbsolutePath == "/logout");
        Assert.True((await browser.GoAsync("/account/external/signin", login: null)).LoginFormShown);
    }

    [SkippableTheory]
    [InlineData("/account/external/signout")]
    [InlineData("/account/signout")]
    public async Task A_password_user_signs_out_without_a_detour_to_the_provider(string signOutPath)
    {
        var (peer, factory) = fixture.Require();
        using var browser = new OidcBrowser(factory, peer);
        var signIn = await SignedInClient.PostSignInAsync(browser.App, DemoAccounts.For(Roles.Analyst).Email, new DemoOptions().Password);
        Assert.DoesNotContain("error=", signIn.Headers.Location!.OriginalString);

        var signOut = await browser.PostSignOutAsync(signOutPath);

        Assert.DoesNotContain(signOut.Requests, u => u.Authority == peer.Issuer.Authority);
        Assert.Equal("/account/login", signOut.FinalUri.AbsolutePath);
        Assert.Null(await MeAsync(browser));
    }

    [SkippableFact]
    public async Task An_existing_local_account_with_the_same_email_is_not_taken_over()
    {
        var (peer, factory) = fixture.Require();
        using var browser = new OidcBrowser(factory, peer);
        var demo = DemoAccounts.For(Roles.Sales).Email; // the provider's login "sales@portal.local" has that email and group Sales

        var journey = await browser.GoAsync("/account/external/signin", demo);

        Assert.Equal("/account/external/failed", journey.FinalUri.AbsolutePath);
        Assert.Contains("reason=email-taken", journey.FinalUri.Query);
        Assert.Contains("already exists", journey.FinalBody);
        Assert.Null(await MeAsync(browser));
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        Assert.Empty(await users.GetLoginsAsync((await users.FindByEmailAsync(demo))!));
    }

    [SkippableFact]
    public async Task Cancelling_at_the_provider_lands_on_a_friendly_page()
    {
        var (peer, factory) = fixture.Require();
        using var browser = new OidcBrowser(factory, peer);
        var atForm = await browser.GoAsync("/account/external/signin", login: null);
        Assert.True(atForm.LoginFormShown);

        var cancelled = await browser.GoAsync(atForm.FinalUri.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/abort", login: null);

        Assert.True(cancelled.Visited("/signin-oidc?error=access_denied"), string.Join("\n", cancelled.Requests));
        Assert.Equal("/account/external/failed", cancelled.FinalUri.AbsolutePath);
        Assert.Contains("did not sign you in", cancelled.FinalBody);
        Assert.Null(await MeAsync(browser));
    }
}
