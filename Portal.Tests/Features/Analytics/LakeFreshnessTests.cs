using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Demo;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;
using Portal.Features.Analytics;
using Portal.Features.Analytics.Dashboards;

namespace Portal.Tests.Features.Analytics;

/// <summary>Freshness, its warnings, and "Export now" with the real export service (on an empty shop, or a small one).</summary>
public sealed class LakeFreshnessTests : DashboardsTestContext
{
    [Fact]
    public async Task A_recent_export_is_shown_by_its_age()
    {
        await RunRecordedAsync(LakeExportOutcome.Succeeded, Clock.Now.AddMinutes(-4));

        var bar = Render<LakeFreshnessBar>();

        bar.WaitForAssertion(() => Assert.StartsWith("Exported 4 min ago", bar.Find("[data-testid=freshness-text]").TextContent.Trim()), Patience);
        Assert.Empty(bar.FindAll("[data-testid=freshness-failed]"));
    }

    [Fact]
    public async Task A_failed_last_run_is_a_warning_with_its_error()
    {
        await RunRecordedAsync(LakeExportOutcome.Succeeded, Clock.Now.AddMinutes(-40));
        await RunRecordedAsync(LakeExportOutcome.Failed, Clock.Now.AddMinutes(-10), "the object store refused the write");

        var bar = Render<LakeFreshnessBar>();

        bar.WaitForElement("[data-testid=freshness-failed]", Patience);
        Assert.Contains("the object store refused the write", bar.Find("[data-testid=freshness-failed]").TextContent);
    }

    [Fact]
    public void Without_any_export_the_page_says_so()
    {
        var page = Render<AnalyticsHome>();

        page.WaitForElement("[data-testid=freshness-stale]", Patience);
        Assert.Equal("Not exported yet", page.Find("[data-testid=freshness-text]").TextContent.Trim());
        page.WaitForElement("[data-testid=sales-error]", Patience);
        Assert.StartsWith("No figures yet", page.Find("[data-testid=sales-error]").TextContent.Trim());
    }

    [Theory]
    [InlineData("Analyst", true)]
    [InlineData("Admin", true)]
    [InlineData("Sales", false)]
    public void Export_now_is_offered_to_analysts_and_admins(string role, bool offered)
    {
        Auth.SetRoles(role);
        var bar = Render<LakeFreshnessBar>();
        bar.WaitForElement("[data-testid=freshness-text]", Patience);
        Assert.Equal(offered, bar.FindAll("[data-testid=export-now]").Count == 1);
    }

    [Fact]
    public async Task Export_now_runs_the_export_and_the_page_updates_when_it_ends()
    {
        var page = Render<AnalyticsHome>();
        page.WaitForElement("[data-testid=sales-error]", Patience);

        page.Find("[data-testid=export-now]").Click();

        page.WaitForAssertion(() => Assert.StartsWith("Exported", page.Find("[data-testid=freshness-text]").TextContent.Trim()), Patience);
        var run = Assert.Single(await Exports.RecentRunsAsync(5));
        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        Assert.Equal(LakeExportTrigger.Manual, run.Trigger);
        Assert.Empty(page.FindAll("[data-testid=freshness-failed]"));
        Assert.Empty(page.FindAll("[data-testid=export-progress]"));
    }

    [Fact]
    public async Task A_running_export_shows_its_tables_rows_and_partitions()
    {
        var (lines, months) = await SeedShopAsync();
        // The export waits at its first write of the second table (orders), so the bar can be read mid-run.
        var gate = new GatedObjectStore(Lake.Store, key => key.StartsWith("lake/orders/", StringComparison.Ordinal));
        Exports = NewExports(gate);
        var bar = Render<LakeFreshnessBar>();
        bar.WaitForElement("[data-testid=freshness-text]", Patience);

        bar.Find("[data-testid=export-now]").Click();

        await gate.Reached.WaitAsync(Patience);
        bar.WaitForAssertion(() => Assert.Equal($"Exporting orders: 1 of {LakeExporter.TableCount} tables, {lines.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} rows, {months} partitions written",
            bar.Find("[data-testid=export-progress] [role=status]").TextContent.Trim()), Patience);
        Assert.Equal(1, bar.FindAll("[data-testid=export-now][disabled]").Count);
        gate.Open();
        bar.WaitForAssertion(() => Assert.Empty(bar.FindAll("[data-testid=export-progress]")), Patience);
        var run = Assert.Single(await Exports.RecentRunsAsync(5));
        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        bar.WaitForAssertion(() => Assert.StartsWith("Exported", bar.Find("[data-testid=freshness-text]").TextContent.Trim()), Patience);
    }

    /// <summary>A small shop (the demo generator's), and its order lines and the months they were placed in.</summary>
    private async Task<(int Lines, int Months)> SeedShopAsync()
    {
        var generator = new DemoDataGenerator(new DemoOptions { Items = 10, Customers = 8, Orders = 40, Seed = 5 }, DateTime.UtcNow);
        await using var db = Database.NewContext();
        var items = generator.Items();
        var customers = generator.Customers();
        db.CatalogItems.AddRange(items);
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        db.Orders.AddRange(generator.Orders(items, customers));
        await db.SaveChangesAsync();
        var placed = await db.Orders.Select(o => o.PlacedAt).ToListAsync();
        return (await db.OrderLines.CountAsync(), placed.Select(p => (p.Year, p.Month)).Distinct().Count());
    }

    private LakeExports NewExports(IObjectStore store)
    {
        var factory = new TestDbContextFactory(Database);
        var options = Microsoft.Extensions.Options.Options.Create(new LakeOptions { WatermarkOverlap = TimeSpan.Zero });
        var manifests = new LakeManifestStore(store, options);
        var exporter = new LakeExporter(store, manifests, new LakePruner(store, manifests, TimeProvider.System, NullLogger<LakePruner>.Instance),
            factory, options, TimeProvider.System, NullLogger<LakeExporter>.Instance);
        return new LakeExports(exporter, factory, options, TimeProvider.System, NullLogger<LakeExports>.Instance);
    }

    /// <summary>The real store, except that the first write of a key <paramref name="holds"/> picks waits until <see cref="Open"/>.</summary>
    private sealed class GatedObjectStore(IObjectStore inner, Func<string, bool> holds) : IObjectStore
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => _reached.Task;
        public void Open() => _open.TrySetResult();

        public async Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
            CancellationToken cancellationToken = default)
        {
            if (holds(key))
            {
                _reached.TrySetResult();
                await _open.Task.WaitAsync(cancellationToken);
            }
            return await inner.PutAsync(bucket, key, content, contentType, metadata, cancellationToken);
        }

        public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);
        public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.GetAsync(bucket, key, cancellationToken);
        public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.HeadAsync(bucket, key, cancellationToken);
        public Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
            inner.ListAsync(bucket, prefix, pageSize, continuationToken, cancellationToken);
        public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(bucket, key, cancellationToken);
        public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.DeleteBucketAsync(bucket, cancellationToken);
    }
}
