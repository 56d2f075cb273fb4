using System.Diagnostics;
using Microsoft.Playwright;

namespace Portal.Bench.Analytics;

/// <summary>
/// "Each dashboard renders within a second on the demo data": the analyst's dashboards in headless Chromium (Debian's,
/// never downloaded) against a running portal. Sales is timed from navigation to its figures (page load, the Blazor
/// circuit and its queries); each other dashboard from the click on its tab to its first chart, which is when its
/// queries have answered and it has rendered.
/// </summary>
public static class DashboardRender
{
    public sealed record Timing(string Dashboard, string Measured, int Rounds, double P50Ms, double P95Ms, double MaxMs);

    private static readonly (string Tab, string Ready)[] Tabs =
    [
        ("Items", "[data-testid=top-items]"),
        ("Membership", "[data-testid=tiers]"),
        ("Shipping", "[data-testid=ship-times]"),
        ("Images", "[data-testid=images-days]"),
    ];

    public static async Task<IReadOnlyList<Timing>> RunAsync(string baseUrl, string email, string password, int rounds)
    {
        using var playwright = await Playwright.CreateAsync();
        var chromium = Environment.GetEnvironmentVariable("PORTAL_CHROMIUM") is { Length: > 0 } custom ? custom : "/usr/bin/chromium";
        await using var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(120_000);

        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.ClickAsync("[data-testid=signin-submit]");
        await page.WaitForURLAsync("**/analytics");
        // The start-up export fills the lake in the background; nothing is timed before it has published.
        await page.Locator("[data-testid=freshness-text]:has-text('Exported')").WaitForAsync();

        var samples = new Dictionary<string, List<double>>();
        void Add(string name, double ms) => (samples.TryGetValue(name, out var list) ? list : samples[name] = []).Add(ms);
        const int warmUps = 2;
        for (var round = 0; round < warmUps + rounds; round++)
        {
            var clock = Stopwatch.StartNew();
            await page.GotoAsync("/analytics");
            await page.Locator("[data-testid=stat-revenue]").WaitForAsync();
            if (round >= warmUps) Add("Sales", clock.Elapsed.TotalMilliseconds);
            await page.Locator("[data-interactive=true]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
            foreach (var (tab, ready) in Tabs)
            {
                clock.Restart();
                await page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
                await page.Locator(ready).WaitForAsync();
                if (round >= warmUps) Add(tab, clock.Elapsed.TotalMilliseconds);
            }
        }

        return samples.Select(s =>
        {
            var sorted = s.Value.Order().ToArray();
            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
            return new Timing(s.Key, s.Key == "Sales" ? "navigation to figures" : "tab click to first chart", sorted.Length, At(0.5), At(0.95), sorted[^1]);
        }).ToList();
    }
}
