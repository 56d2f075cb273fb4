using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E.Accessibility;

/// <summary>
/// axe-core on every page of every role (<see cref="AccessiblePages"/>), in the light and the dark theme, at
/// desktop and phone width: no serious or critical finding. One signed-in context per role, reused throughout.
/// </summary>
public sealed class AccessibilityJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    private static readonly (string Name, int Width, int Height)[] Viewports = [("desktop", 1280, 800), ("phone", 390, 844)];
    private static readonly string[] Themes = ["light", "dark"];

    [Theory]
    [MemberData(nameof(DemoUser.Roles), MemberType = typeof(DemoUser))]
    public async Task Every_page_of_the_role_passes_axe_in_both_themes_at_both_widths(string role)
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole[role]);
        var pages = new List<(CheckedPage Page, string Path)>();
        foreach (var page in AccessiblePages.ByRole[role])
            pages.Add((page, await page.Path(Page)));

        await AssertNoSeriousFindingsAsync(role, pages);
    }

    [Fact]
    public async Task Signed_out_pages_pass_axe_in_both_themes_at_both_widths() =>
        await AssertNoSeriousFindingsAsync("signed out", AccessiblePages.SignedOut.Select(p => (p, p.Name)).ToList());

    [Fact]
    public async Task The_check_finds_a_serious_problem_when_there_is_one()
    {
        await Page.GotoAsync("/account/login");
        await Page.EvaluateAsync("() => { const b = document.createElement('button'); b.id = 'unnamed'; document.querySelector('main').appendChild(b); }");

        var findings = await Axe.SeriousFindingsAsync(Page);

        Assert.Contains(findings, f => f.Id == "button-name" && f.Nodes.Any(n => n.StartsWith("#unnamed")));
    }

    /// <summary>
    /// Colours are checked at rest: the pointer leaves whatever control the last click left it on (a hovered button has
    /// another colour), and every finite CSS transition and animation (fade-ins, a button's colour easing back) ends first.
    /// </summary>
    private async Task SettleAsync()
    {
        await Page.Mouse.MoveAsync(0, 0);
        await Page.EvaluateAsync("""
            async () => {
              for (let round = 0; round < 5; round++) {
                const running = document.getAnimations().filter(a => a.playState === 'running' && a.effect?.getComputedTiming().endTime !== Infinity);
                if (running.length === 0) return;
                await Promise.allSettled(running.map(a => a.finished));
              }
            }
            """);
    }

    private async Task AssertNoSeriousFindingsAsync(string who, IReadOnlyList<(CheckedPage Page, string Path)> pages)
    {
        var report = new List<string>();
        foreach (var theme in Themes)
        {
            await Page.Context.AddCookiesAsync([new Cookie { Name = "portal.theme", Value = theme, Url = Portal.BaseUrl }]);
            foreach (var (viewport, width, height) in Viewports)
            {
                await Page.SetViewportSizeAsync(width, height);
                foreach (var (page, path) in pages)
                {
                    await Page.GotoAsync(path);
                    if (page.Interactive) await Page.WaitForInteractiveAsync();
                    if (page.Ready is { } ready) await Expect(Page.Locator(ready).First).ToBeAttachedAsync();
                    // The theme really is the one checked (the server renders it from the cookie).
                    var background = await Page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
                    Assert.True((background == "rgb(255, 255, 255)") == (theme == "light"), $"{path} in the {theme} theme has the background {background}");
                    if (page.Open is { } open) await open(Page);
                    await SettleAsync();
                    foreach (var finding in await Axe.SeriousFindingsAsync(Page))
                        report.Add($"{who} · {page.Name} ({path}) · {theme} · {viewport}: {finding}");
                }
            }
        }
        Assert.True(report.Count == 0, $"axe-core {Axe.Version} found {report.Count} serious or critical problem(s):\n" + string.Join("\n", report));
    }
}
