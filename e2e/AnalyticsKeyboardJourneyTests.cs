using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// An analyst who uses no mouse: reaches the SQL console, types and runs a query, reaches its result, goes back and
/// switches dashboards, each step by keyboard only (Tab, Shift+Tab, Enter, Ctrl+Enter, arrow keys).
/// </summary>
public sealed class AnalyticsKeyboardJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task Analyst_RunsSqlAndSwitchesDashboards_ByKeyboardOnly()
    {
        await Page.SignInToLandingAsync(DemoUser.ByRole["Analyst"]);
        await Page.WaitForURLAsync(PortalPages.PathRegex("/analytics"));
        await Expect(Page.GetByTestId("freshness-text")).ToContainTextAsync("Exported", new() { Timeout = 90_000 });
        await Page.WaitForInteractiveAsync();

        await TabUntilAsync("el => el.dataset.testid === 'open-sql-console'", "the SQL console button");
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForURLAsync(PortalPages.PathRegex("/analytics/sql"));
        await Page.WaitForInteractiveAsync();
        await Expect(Page.GetByTestId("schema-table-sales")).ToBeVisibleAsync();

        // Focus the editor, type, Ctrl+Enter runs.
        await TabUntilAsync("el => el.dataset.testid === 'sql-editor'", "the SQL editor");
        const string Sql = "SELECT category, count(*) AS lines FROM sales GROUP BY category ORDER BY lines DESC";
        await Page.Keyboard.PressAsync("Control+A"); // over the example query
        await Page.Keyboard.TypeAsync(Sql, new() { Delay = 15 });
        await Expect(Page.GetByTestId("sql-editor")).ToHaveValueAsync(Sql);
        await Page.Keyboard.PressAsync("Control+Enter");
        await Expect(Page.GetByTestId("result-count")).ToContainTextAsync("rows", new() { Timeout = 30_000 });

        // The result is a Tab stop of its own past the Run and download buttons, and arrow keys scroll it.
        await TabUntilAsync("el => el.dataset.testid === 'result-grid-region'", "the result grid", presses: 10);
        await Expect(Page.GetByTestId("result-grid-region")).ToBeFocusedAsync();
        await Expect(Page.GetByTestId("result-grid-region")).ToContainTextAsync("Cameras");
        await Expect(Page.GetByTestId("result-grid-region")).ToHaveAttributeAsync("role", "region");
        await Page.ScreenshotAsync("analytics-keyboard-result");

        // Back to the dashboards by the page's own link, then through the tabs with the arrow keys.
        await TabUntilAsync("el => el.tagName === 'A' && el.textContent.includes('Back to Analytics')", "the link back", backwards: true);
        await Page.Keyboard.PressAsync("Enter");
        await Page.WaitForURLAsync(PortalPages.PathRegex("/analytics"));
        await Page.WaitForInteractiveAsync();
        var sales = Page.GetByRole(AriaRole.Tab, new() { Name = "Sales" });
        var items = Page.GetByRole(AriaRole.Tab, new() { Name = "Items" });
        var shipping = Page.GetByRole(AriaRole.Tab, new() { Name = "Shipping" });
        await Expect(sales).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.Locator("[data-keyboard-tabs=on]")).ToBeAttachedAsync(); // the strip's key script is attached

        await TabUntilAsync("el => el.getAttribute('role') === 'tab'", "the dashboard tabs", presses: 60);
        await Expect(sales).ToBeFocusedAsync(); // the open tab is the strip's one stop
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(items).ToBeFocusedAsync();
        await Expect(sales).ToHaveAttributeAsync("aria-selected", "true"); // moving focus does not open it
        await Page.Keyboard.PressAsync("Enter");
        await Expect(items).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("tab-items")).ToBeVisibleAsync();

        await Page.Keyboard.PressAsync("ArrowRight");
        await Page.Keyboard.PressAsync("ArrowRight");
        await Expect(shipping).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync(" ");
        await Expect(shipping).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("tab-shipping")).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Home");
        await Expect(sales).ToBeFocusedAsync();
        await Page.Keyboard.PressAsync("ArrowLeft");
        await Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Images" })).ToBeFocusedAsync(); // wraps around

        // Tab leaves the strip in one press instead of visiting every tab.
        await Page.Keyboard.PressAsync("Tab");
        Assert.NotEqual("tab", await Page.EvaluateAsync<string?>("() => document.activeElement?.getAttribute('role')"));
        await Page.ScreenshotAsync("analytics-keyboard-tabs");
    }

    [Fact]
    public async Task Arrow_keys_move_focus_once_when_the_server_answers_late()
    {
        // The server's messages to the page are held back: keys handled on the server would move focus late.
        var lag = 0;
        await Page.RouteWebSocketAsync(new Regex("/_blazor"), socket =>
        {
            var server = socket.ConnectToServer();
            var delivered = Task.CompletedTask;
            var order = new object();
            server.OnMessage(frame =>
            {
                var due = DateTime.UtcNow.AddMilliseconds(Volatile.Read(ref lag)); // each frame late by the lag, in order
                lock (order) delivered = delivered.ContinueWith(async _ =>
                {
                    if (due - DateTime.UtcNow is { Ticks: > 0 } wait) await Task.Delay(wait);
                    if (frame.Binary is { } bytes) socket.Send(bytes); else socket.Send(frame.Text);
                }).Unwrap();
            });
        });
        await Page.SignInToLandingAsync(DemoUser.ByRole["Analyst"]);
        await Expect(Page.Locator("[data-keyboard-tabs=on]")).ToBeAttachedAsync();
        await Page.GetByRole(AriaRole.Tab, new() { Name = "Sales" }).FocusAsync();
        await Page.EvaluateAsync("() => { window.focusedTabs = []; addEventListener('focusin', e => focusedTabs.push(e.target.textContent.trim())); }");
        Volatile.Write(ref lag, 400);

        await Page.Keyboard.PressAsync("ArrowRight");
        await Page.Keyboard.PressAsync("ArrowRight");
        await Page.WaitForTimeoutAsync(2000); // past the lag: anything the server does about the keys has arrived
        Assert.Equal(["Items", "Membership"], await Page.EvaluateAsync<string[]>("() => focusedTabs"));
        await Page.Keyboard.PressAsync(" ");
        await Expect(Page.GetByRole(AriaRole.Tab, new() { Name = "Membership" })).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Page.GetByTestId("tab-membership")).ToBeVisibleAsync();
    }

    /// <summary>Presses Tab (Shift+Tab <paramref name="backwards"/>) until the focused element matches <paramref name="predicate"/>.</summary>
    private async Task TabUntilAsync(string predicate, string what, int presses = 40, bool backwards = false)
    {
        var last = "";
        for (var i = 0; i < presses; i++)
        {
            await Page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
            if (await Page.EvaluateAsync<bool>($"() => {{ const el = document.activeElement; return !!el && ({predicate})(el); }}")) return;
            last = await Page.EvaluateAsync<string>("() => (document.activeElement?.outerHTML ?? 'nothing').slice(0, 160)");
        }
        Assert.Fail($"{presses} presses of {(backwards ? "Shift+Tab" : "Tab")} did not reach {what}; focus ended on {last}");
    }
}
