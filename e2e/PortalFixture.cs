using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>One running app and one Chromium shared by every test in the collection.</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private PortalAppProcess? _app;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl => _app?.BaseUrl ?? throw new InvalidOperationException("The app is not started.");

    public string AppOutput => _app?.CapturedOutput ?? "";

    public async Task InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(15_000);
        Directory.CreateDirectory(RepoLayout.ArtifactsDir);
        (_playwright, _browser) = await ChromiumLauncher.LaunchAsync();
        _app = await PortalAppProcess.StartAsync();
    }

    /// <summary>A fresh browser context (own cookies) with one page; dispose the context when done.</summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await _browser!.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
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
