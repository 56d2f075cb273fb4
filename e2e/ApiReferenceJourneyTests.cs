using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>The API reference page in a real browser: it renders, and not one request leaves the machine.</summary>
public sealed class ApiReferenceJourneyTests(PortalFixture portal) : JourneyTest(portal)
{
    [Fact]
    public async Task The_api_reference_loads_with_no_request_leaving_the_machine()
    {
        var requests = new List<string>();
        Page.Request += (_, request) => { lock (requests) requests.Add(request.Url); };
        // Answer anything bound elsewhere locally, so a stray request is recorded rather than left hanging offline.
        await Page.Context.RouteAsync(url => !url.StartsWith(Portal.BaseUrl, StringComparison.Ordinal) && !url.StartsWith("data:"),
            route => route.FulfillAsync(new RouteFulfillOptions { Status = 404, Body = "" }));

        await Page.GotoAsync("/api/docs/");
        await Expect(Page.GetByText("Portal API").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Logistics", Exact = true })).ToBeVisibleAsync();
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        string[] recorded;
        lock (requests) recorded = [.. requests];
        Assert.NotEmpty(recorded);
        var elsewhere = recorded.Where(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            && uri.Host != "127.0.0.1").ToList();
        Assert.True(elsewhere.Count == 0, "Requests left the machine:\n" + string.Join("\n", elsewhere));
        await Expect(Page.GetByText("Ask AI")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("Deploy")).ToHaveCountAsync(0);
        await Expect(Page.GetByText("Open API Client")).ToHaveCountAsync(0);
        await Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Powered by Scalar" })).ToBeHiddenAsync();
    }
}
