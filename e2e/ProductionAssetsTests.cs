using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Portal.E2E;

/// <summary>
/// Outside Development the app serves its static assets (MudBlazor's, the framework's, its own wwwroot) with the
/// right content types: run from the build output (any working directory) and from a <c>dotnet publish</c> folder.
/// </summary>
public sealed partial class ProductionAssetsTests
{
    [Fact]
    public async Task The_build_output_serves_its_assets_in_Production()
    {
        var bin = Path.GetDirectoryName(RepoLayout.PortalDll)!;
        await using var app = await PortalAppProcess.StartAsync(RepoLayout.PortalDll, bin, "Production");
        await AssertAssetsServedAsync(app);
    }

    [Fact]
    public async Task A_published_folder_serves_its_assets_in_Production()
    {
        var publish = Directory.CreateTempSubdirectory("portal-publish-").FullName;
        try
        {
            await PublishAsync(publish);
            await using var app = await PortalAppProcess.StartAsync(Path.Combine(publish, "Portal.dll"), publish, "Production");
            await AssertAssetsServedAsync(app);
        }
        finally
        {
            Directory.Delete(publish, recursive: true);
        }
    }

    private static async Task AssertAssetsServedAsync(PortalAppProcess app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var page = await http.GetStringAsync("/account/login");
        var links = AssetLink().Matches(page).Select(m => m.Groups["url"].Value).ToList();
        foreach (var prefix in new[] { "_content/MudBlazor/MudBlazor.min", "_framework/blazor.web", "app.", "favicon." })
            Assert.Contains(links, l => l.StartsWith(prefix, StringComparison.Ordinal));

        foreach (var url in links.Concat(["_content/MudBlazor/MudBlazor.min.css", "_content/MudBlazor/MudBlazor.min.js", "_framework/blazor.web.js", "app.css"]))
        {
            using var response = await http.GetAsync("/" + url.TrimStart('/'));
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode}\n{app.CapturedOutput}");
            Assert.True(body.Length > 0, $"{url} came back empty\n{app.CapturedOutput}");
            var type = response.Content.Headers.ContentType?.MediaType ?? "";
            var wanted = url.EndsWith(".css") ? "text/css" : url.EndsWith(".js") ? "text/javascript" : url.EndsWith(".svg") ? "image/svg+xml" : null;
            if (wanted is not null) Assert.True(type == wanted, $"{url}: {type}, wanted {wanted}");
        }
    }

    private static async Task PublishAsync(string output)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepoLayout.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "publish", "Portal/Portal.csproj", "-c", RepoLayout.Configuration, "-o", output, "-nologo", "-v", "q" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet publish failed:\n{await stdout}\n{await stderr}");
    }

    [GeneratedRegex("(?:href|src)=\"(?<url>[^\"]+\\.(?:css|js|svg))\"")]
    private static partial Regex AssetLink();
}
