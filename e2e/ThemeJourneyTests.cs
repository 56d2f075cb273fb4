using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

public sealed class ThemeJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task DarkModeToggle_ChangesPageBackground_AndIsRememberedAcrossReloads()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Sales"]);
        var body = Page.Locator("body");
        var toggle = Page.GetByTestId("dark-mode-toggle");
        var before = await BackgroundAsync();

        await Page.OpenAccountMenuAsync();
        await Expect(toggle).ToHaveTextAsync("Dark mode");
        await toggle.ClickAsync();

        await Expect(body).Not.ToHaveCSSAsync("background-color", before);
        var after = await BackgroundAsync();
        Assert.True(Luminance(after) < Luminance(before), $"expected a darker background, was {before}, now {after}");
        await Page.ScreenshotAsync("landing-sales-dark");

        // The server prerenders the next page dark (from the theme cookie) and the circuit keeps it so.
        await Page.ReloadAsync();
        await Page.WaitForInteractiveAsync();
        await Expect(body).ToHaveCSSAsync("background-color", after);

        await Page.OpenAccountMenuAsync();
        await Expect(toggle).ToHaveTextAsync("Light mode");
        await toggle.ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", before);
        await Page.ReloadAsync();
        await Page.WaitForInteractiveAsync();
        await Expect(body).ToHaveCSSAsync("background-color", before);
    }

    private Task<string> BackgroundAsync() =>
        Page.Locator("body").EvaluateAsync<string>("el => getComputedStyle(el).backgroundColor");

    /// <summary>Sum of the channels of an "rgb(r, g, b)" / "rgba(…)" value.</summary>
    private static int Luminance(string css) =>
        css[(css.IndexOf('(') + 1)..css.IndexOf(')')].Split(',').Take(3).Sum(c => (int)double.Parse(c.Trim(), System.Globalization.CultureInfo.InvariantCulture));
}
