using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// An analyst on a fresh portal: the start-up export has filled the lake, the dashboards read it, and the SQL console
/// answers a query typed and run from the keyboard.
/// </summary>
public sealed class AnalyticsJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task Analyst_SeesDashboardsFromTheLake_AndRunsSqlWithCtrlEnter()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Analyst"]);
        await Page.WaitForURLAsync(PortalPages.PathRegex("/analytics"));

        // The start-up export runs in the background; the freshness bar says so once it has published.
        await Expect(Page.GetByTestId("freshness-text")).ToContainTextAsync("Exported", new() { Timeout = 90_000 });
        await Expect(Page.GetByTestId("stat-revenue")).ToContainTextAsync("EUR", new() { Timeout = 30_000 });
        await Page.ScreenshotAsync("analytics-dashboards");

        await Page.GetByTestId("open-sql-console").ClickAsync();
        await Page.WaitForURLAsync(PortalPages.PathRegex("/analytics/sql"));
        await Page.WaitForInteractiveAsync();
        var editor = Page.GetByTestId("sql-editor");
        await editor.FillAsync("SELECT category, count(*) AS lines FROM portal.sales GROUP BY category ORDER BY lines DESC");
        await editor.PressAsync("Control+Enter");

        await Expect(Page.GetByTestId("result-count")).ToContainTextAsync("rows", new() { Timeout = 30_000 });
        await Expect(Page.GetByTestId("result-grid")).ToContainTextAsync("Cameras");
        await Expect(Page.GetByTestId("query-history")).ToContainTextAsync("portal.sales");
        await Page.ScreenshotAsync("analytics-sql-console");
    }
}
