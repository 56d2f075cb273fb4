using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>The app as configured by Program.cs: a fresh start with demo data has a dataset soon after it is ready.</summary>
public sealed class LakeStartupTests
{
    [Fact]
    public async Task A_fresh_start_with_demo_data_exports_the_dataset_in_the_background()
    {
        await using var factory = new PortalAppFactory(new Dictionary<string, string?> { ["Analytics:Lake:Enabled"] = "true" });
        using var client = factory.CreateClient();
        Assert.True((await client.GetAsync("/health/live")).IsSuccessStatusCode);

        var manifests = factory.Services.GetRequiredService<ILakeManifestReader>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        LakeManifest? manifest;
        while ((manifest = await manifests.CurrentAsync()) is null && waited.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(250);

        Assert.NotNull(manifest);
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync();
        Assert.Equal(await db.OrderLines.CountAsync(), manifest.Table("sales")!.Rows);
        var runs = await factory.Services.GetRequiredService<ILakeExports>().RecentRunsAsync(5);
        Assert.Equal(LakeExportTrigger.Startup, Assert.Single(runs).Trigger);
    }
}
