using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Portal.E2E;

/// <summary>
/// The production topology on one machine: two app instances on one PostgreSQL behind Debian's nginx running the
/// operators' deploy/nginx.conf (sticky by its affinity cookie, WebSockets proxied, the other instance tried when one
/// fails). A Sales user signs in through nginx and works; an edit made through their instance shows live in a grid the
/// other instance serves; then their instance stops, and they carry on through the other one once the circuit's
/// reconnect (rejected there: the circuit lived in the stopped process) has reloaded the page, without signing in
/// again: both instances read the auth cookie with the data-protection keys kept in the database.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class TwoInstanceJourneyTests(PortalFixture portal)
{
    private static readonly DemoUser Sales = DemoUser.ByRole["Sales"];

    // The reload after the failover renders the catalog on an instance that has not rendered it yet, while the cores
    // are shared: a wait for the server, not a speed check (as in PortalPages.SignInToLandingAsync).
    private static readonly PageWaitForFunctionOptions FailoverWait = new() { Timeout = 90_000, PollingInterval = 250 };

    [SkippableFact]
    public async Task Behind_nginx_a_signed_in_user_carries_on_through_the_other_instance_when_theirs_stops()
    {
        var nginx = PeerRequirement.Require(LoadBalancerConfig.FindNginx(),
            "nginx is not installed (apt-get install nginx; scripts/test.sh installs it).");
        var server = PeerRequirement.Require(Environment.GetEnvironmentVariable("PORTAL_TEST_POSTGRES"),
            "PostgreSQL is not available: set PORTAL_TEST_POSTGRES (scripts/test.sh starts a throwaway one).");
        var objects = Directory.CreateTempSubdirectory("portal-e2e-objects-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = WithDatabase(server, $"portal_e2e_{Guid.NewGuid():N}"),
            // One object store for both, as S3 would be: photos written through one instance are served by the other.
            ["ObjectStore__RootDirectory"] = objects,
        };
        var instances = new List<PortalAppProcess>();
        LoadBalancerProcess? balancer = null;
        try
        {
            // The first instance migrates and seeds the new database and makes the data-protection key ring (any page
            // with an antiforgery token), as the first instance of a first deployment does; then the second one joins.
            instances.Add(await StartInstanceAsync(settings));
            using (var http = new HttpClient())
                (await http.GetAsync($"{instances[0].BaseUrl}/account/login")).EnsureSuccessStatusCode();
            instances.Add(await StartInstanceAsync(settings));
            balancer = await LoadBalancerProcess.StartAsync(nginx, instances.Select(i => i.BaseUrl).ToList());
            await JourneyAsync(balancer.BaseUrl, instances);
        }
        catch (Exception e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\n{Diagnostics(balancer, instances)}", e);
        }
        finally
        {
            if (balancer is not null) await balancer.DisposeAsync();
            foreach (var instance in instances) await instance.DisposeAsync();
            try { Directory.Delete(objects, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private async Task JourneyAsync(string viaNginx, IReadOnlyList<PortalAppProcess> instances)
    {
        // Two more app processes share the cores: waits for the server (never speed checks) get longer than the default.
        Assertions.SetDefaultExpectTimeout(60_000);
        try
        {
            await JourneyStepsAsync(viaNginx, instances);
        }
        finally
        {
            Assertions.SetDefaultExpectTimeout(PortalFixture.ExpectTimeout);
        }
    }

    private async Task JourneyStepsAsync(string viaNginx, IReadOnlyList<PortalAppProcess> instances)
    {
        await using var userContext = await portal.NewContextAsync(viaNginx);
        var userViolations = await CspViolations.WatchAsync(userContext);
        userContext.SetDefaultTimeout(60_000);
        var page = await userContext.NewPageAsync();
        var served = ServingInstance.Watch(page);
        await page.SignInToLandingAsync(Sales);
        var theirs = served.Latest;
        var theirProcess = instances.Single(i => theirs.EndsWith($"/{i.ProcessId}", StringComparison.Ordinal));
        var sku = await page.CatalogSkuAtAsync(2);

        // A colleague whose browser nginx sends to the other instance (by an affinity cookie of nginx's own making).
        await using var colleagueContext = await portal.NewContextAsync(viaNginx);
        colleagueContext.SetDefaultTimeout(60_000);
        var colleagueViolations = await CspViolations.WatchAsync(colleagueContext);
        var other = await ServingInstance.StickToAnotherInstanceAsync(colleagueContext, viaNginx, avoid: theirs);
        var colleague = await colleagueContext.NewPageAsync();
        var colleagueServed = ServingInstance.Watch(colleague);
        await colleague.SignInToLandingAsync(Sales);
        Assert.All(colleagueServed.Since(0), document => Assert.Equal(other, document.Instance));
        await Expect(colleague.GetByTestId($"name-{sku}")).ToBeVisibleAsync();

        // The user renames an item through their instance; the colleague's grid, served by the other, shows it live.
        var name = page.GetByTestId($"name-{sku}");
        var newName = (await name.InputValueAsync()) + " (two instances)";
        await name.FillAsync(newName);
        await name.PressAsync("Enter");
        await Expect(page.GetByText($"{sku}: Name saved.")).ToBeVisibleAsync();
        await Expect(colleague.GetByTestId($"name-{sku}")).ToHaveValueAsync(newName);
        Assert.All(served.Since(0), document => Assert.Equal(theirs, document.Instance));

        // Their instance stops. The circuit's reconnect goes through nginx to the other instance, which does not know
        // the circuit, so the page reloads there: a new document, interactive, still the catalog and signed in.
        await page.EvaluateAsync("() => { window.__beforeFailover = true; }");
        var before = served.Count;
        await theirProcess.DisposeAsync();
        await page.WaitForFunctionAsync(
            "() => window.__beforeFailover !== true && document.querySelector('[data-interactive=true]') !== null", null, FailoverWait);
        var since = served.Since(before);
        Assert.NotEmpty(since);
        Assert.All(since, document => Assert.Equal(other, document.Instance));
        Assert.DoesNotContain(since, document => document.Url.Contains("/account/login", StringComparison.Ordinal));
        await Expect(page).ToHaveURLAsync(PortalPages.PathRegex(Sales.LandingPath));
        await Expect(page.GetByTestId("landing-title")).ToHaveTextAsync(Sales.LandingTitle);
        await Expect(page.GetByTestId($"name-{sku}")).ToHaveValueAsync(newName);

        // And carries on working, now through the other instance.
        var price = page.GetByTestId($"price-{sku}");
        await Expect(price).ToBeEditableAsync();
        var newPrice = await price.InputValueAsync() == "123.45" ? "123.46" : "123.45";
        await price.FillAsync(newPrice);
        await price.PressAsync("Enter");
        await Expect(page.GetByText($"{sku}: Price saved.")).ToBeVisibleAsync();
        await page.ScreenshotAsync("two-instances-after-failover");

        userViolations.AssertNone();
        colleagueViolations.AssertNone();
    }

    private static Task<PortalAppProcess> StartInstanceAsync(IReadOnlyDictionary<string, string> settings) =>
        PortalAppProcess.StartAsync(RepoLayout.PortalDll, RepoLayout.PortalProjectDir, "Development", settings);

    /// <summary><paramref name="server"/> (PORTAL_TEST_POSTGRES, a role that may create databases) naming database <paramref name="name"/>, which the first instance creates.</summary>
    private static string WithDatabase(string server, string name) =>
        string.Join(';', server.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(part => !part.StartsWith("Database=", StringComparison.OrdinalIgnoreCase))
            .Append($"Database={name}"));

    private static string Diagnostics(LoadBalancerProcess? balancer, IReadOnlyList<PortalAppProcess> instances) =>
        string.Join("\n", instances.Select((instance, i) => $"--- instance {i + 1} (pid {instance.ProcessId}), last lines\n{Tail(instance.CapturedOutput, 60)}"))
        + "\n" + Tail(balancer?.Logs ?? "", 80);

    private static string Tail(string text, int lines) => string.Join("\n", text.Split('\n').TakeLast(lines));
}
