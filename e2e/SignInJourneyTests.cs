using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

public sealed class SignInJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task SignInPage_ShowsFormAndDemoAccounts()
    {
        await Page.GotoAsync("/account/login");

        await Expect(Page.Locator("#email")).ToBeVisibleAsync();
        await Expect(Page.Locator("#password")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("signin-submit")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("demo-accounts")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("demo-password")).ToHaveTextAsync(DemoUser.Password);
        await Expect(Page.GetByTestId("signin-error")).ToHaveCountAsync(0);
        await Page.ScreenshotAsync("signin");
    }

    [Theory]
    [MemberData(nameof(DemoUser.Roles), MemberType = typeof(DemoUser))]
    public async Task DemoUser_LandsOnRolePage_WithOnlyAllowedNavigation(string role)
    {
        var user = DemoUser.ByRole[role];

        await Page.SignInToLandingAsync(user);

        await Expect(Page).ToHaveURLAsync(PortalPages.PathRegex(user.LandingPath));
        await Expect(Page.GetByTestId("landing-title")).ToHaveTextAsync(user.LandingTitle);
        var nav = Page.GetByTestId("nav");
        await Expect(nav).ToBeVisibleAsync();
        foreach (var area in DemoUser.AllNavAreas)
        {
            var link = nav.Locator($"[data-testid=nav-{area}]");
            if (user.NavAreas.Contains(area))
                await Expect(link).ToBeVisibleAsync();
            else
                await Expect(link).ToHaveCountAsync(0);
        }
        await Expect(nav.Locator("[data-testid^='nav-']")).ToHaveCountAsync(user.NavAreas.Length);
        await Page.ScreenshotAsync($"landing-{role.ToLowerInvariant()}");
    }

    [Fact]
    public async Task WrongPassword_ShowsSignInError()
    {
        await Page.SignInAsync(DemoUser.ByRole["Sales"].Email, "not-the-password");

        await Expect(Page.GetByTestId("signin-error")).ToBeVisibleAsync();
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await Expect(Page.GetByTestId("landing-title")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SignOut_ReturnsToSignInPage()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Analyst"]);

        await Page.OpenAccountMenuAsync();
        await Page.GetByTestId("sign-out").ClickAsync();

        await Page.WaitForURLAsync(PortalPages.PathRegex("/account/login"));
        Assert.EndsWith("/account/login?signedOut=true", Page.Url);
        await Expect(Page.GetByTestId("signin-submit")).ToBeVisibleAsync();

        // The session is really gone: a protected page sends us back to sign in.
        await Page.GotoAsync("/analytics");
        await Page.WaitForURLAsync(PortalPages.PathRegex("/account/login"));
    }
}
