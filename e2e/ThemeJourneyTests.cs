using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

public sealed class ThemeJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task DarkModeToggle_ChangesPageBackground()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Sales"]);
        var body = Page.Locator("body");
        var toggle = Page.GetByTestId("dark-mode-toggle");
        await Expect(toggle).ToBeVisibleAsync();
        var before = await BackgroundAsync();

        await toggle.ClickAsync();

        await Expect(body).Not.ToHaveCSSAsync("background-color", before);
        var after = await BackgroundAsync();
        Assert.True(Luminance(after) < Luminance(before), $"expected a darker background, was {before}, now {after}");
        await Page.ScreenshotAsync("landing-sales-dark");

        await toggle.ClickAsync();
        await Expect(body).ToHaveCSSAsync("background-color", before);
    }

    private Task<string> BackgroundAsync() =>
        Page.Locator("body").EvaluateAsync<string>("el => getComputedStyle(el).backgroundColor");

    /// <summary>Sum of the channels of an "rgb(r, g, b)" / "rgba(…)" value.</summary>
    private static int Luminance(string css) =>
        css[(css.IndexOf('(') + 1)..css.IndexOf(')')].Split(',').Take(3).Sum(c => (int)double.Parse(c.Trim(), System.Globalization.CultureInfo.InvariantCulture));
}
