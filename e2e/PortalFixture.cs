using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>One running app and one Chromium shared by every test in the collection.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private PortalAppProcess? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>How long an expectation waits by default (a journey that needs longer sets it back to this).</summary>
    public const float ExpectTimeout = 15_000;

    public string BaseUrl => _app?.BaseUrl ?? throw new InvalidOperationException("The app is not started.");

    public string AppOutput => _app?.CapturedOutput ?? "";

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(ExpectTimeout);
        Directory.CreateDirectory(RepoLayout.ArtifactsDir);
        (_playwright, _browser) = await ChromiumLauncher.LaunchAsync();
        _app = await PortalAppProcess.StartAsync();
    }

    /// <summary>A fresh browser context (own cookies) on the app; dispose the context when done.</summary>
    public Task<IBrowserContext> NewContextAsync() => NewContextAsync(BaseUrl);

    /// <summary>A fresh browser context (own cookies) whose relative URLs go to <paramref name="baseUrl"/>.</summary>
    public async Task<IBrowserContext> NewContextAsync(string baseUrl)
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal app";
}
