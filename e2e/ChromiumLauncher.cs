using Microsoft.Playwright;

namespace Portal.E2E;

/// <summary>Starts the system Chromium through Playwright (never downloads browsers).</summary>
public static class ChromiumLauncher
{
    public const string DefaultPath = "/usr/bin/chromium";
    public const string PathVariable = "PORTAL_CHROMIUM";

    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } custom ? custom : DefaultPath;
        if (!File.Exists(path))
            throw new InvalidOperationException(
                $"Chromium not found at {path}. Install it (`apt-get install -y chromium`) or set {PathVariable} to its path. " +
                "Do not run `playwright install`.");

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = path, Headless = true, Args = Args });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
