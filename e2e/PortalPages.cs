using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>Small page actions the journeys share.</summary>
public static class PortalPages
{
    public static async Task SignInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=signin-submit]");
    }

    /// <summary>Signs in and waits until the role's landing page is interactive.</summary>
    public static async Task SignInToLandingAsync(this IPage page, DemoUser user)
    {
        await page.SignInAsync(user.Email, DemoUser.Password);
        // The first sign-in after start-up renders a page nothing has rendered yet while the app's start-up work (demo
        // photos, embeddings, the demo model, the lake export) shares the cores with the browser and the other test
        // project: more than the default 15 s were seen. A wait for the server, not a speed check.
        await page.WaitForURLAsync(PathRegex(user.LandingPath), new() { Timeout = 60_000 });
        await Expect(page.GetByTestId("landing-title")).ToHaveTextAsync(user.LandingTitle);
        await page.WaitForInteractiveAsync();
    }

    /// <summary>Opens the account menu in the app bar (name, light/dark mode, Sign out).</summary>
    public static async Task OpenAccountMenuAsync(this IPage page)
    {
        var button = page.Locator("[data-testid=account-menu] .mud-menu-button-activator");
        await button.ClickAsync();
        await Expect(button).ToHaveAttributeAsync("aria-expanded", "true");
    }

    /// <summary>Clicks on prerendered HTML get lost: wait for the circuit to mark the layout interactive.</summary>
    public static Task WaitForInteractiveAsync(this IPage page) =>
        Expect(page.Locator("[data-interactive=true]")).ToBeAttachedAsync();

    /// <summary>Matches an absolute URL whose path is exactly <paramref name="path"/> (any query string).</summary>
    public static Regex PathRegex(string path) => new($"^https?://[^/]+{Regex.Escape(path)}(\\?.*)?$");

    public static Task ScreenshotAsync(this IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(RepoLayout.ArtifactsDir, $"{name}.png"), FullPage = true });
}
