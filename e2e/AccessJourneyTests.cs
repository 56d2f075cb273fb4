using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

public sealed class AccessJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task Customer_OpeningCatalog_IsDenied()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Customer"]);

        var response = await Page.GotoAsync("/catalog");

        Assert.True(response is null || response.Status < 500, $"/catalog answered {response?.Status}");
        await Expect(Page.GetByTestId("access-denied").First).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("landing-title")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Catalog", await Page.TitleAsync());
        await Page.ScreenshotAsync("denied-customer-catalog");
    }

    [Fact]
    public async Task Anonymous_OpeningProtectedPage_IsSentToSignIn()
    {
        await Page.GotoAsync("/catalog");

        await Page.WaitForURLAsync(PortalPages.PathRegex("/account/login"));
        await Expect(Page.GetByTestId("signin-submit")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("landing-title")).ToHaveCountAsync(0);
    }
}
