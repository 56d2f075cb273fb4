using Bunit;
using Portal.Engine.Analytics.Lake;
using Portal.Features.Analytics;
using Portal.Features.Analytics.Dashboards;

namespace Portal.Tests.Features.Analytics;

/// <summary>Freshness, its warnings, and "Export now" with the real export service (on an empty shop).</summary>
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
    public void Export_now_runs_the_export_and_the_page_updates_when_it_ends()
    {
        var page = Render<AnalyticsHome>();
        page.WaitForElement("[data-testid=sales-error]", Patience);

        page.Find("[data-testid=export-now]").Click();

        // On this empty shop the export run currently ends Failed (a NullReferenceException inside the export, reported
        // to its owner); either way the page must show how the run ended, with its error, and drop the progress bar.
        page.WaitForAssertion(() => Assert.True(
            page.FindAll("[data-testid=freshness-failed]").Count == 1 || page.Find("[data-testid=freshness-text]").TextContent.Trim().StartsWith("Exported")), Patience);
        Assert.Empty(page.FindAll("[data-testid=export-progress]"));
        Assert.Single(Exports.RecentRunsAsync(5).GetAwaiter().GetResult());
    }

    [Fact]
    public void A_running_export_shows_its_tables_rows_and_partitions()
    {
        var bar = Render<LakeFreshnessBar>();
        bar.WaitForElement("[data-testid=freshness-text]", Patience);
        var seen = new List<string>();
        Exports.Progressed += progress => { if (progress is not null) lock (seen) seen.Add(progress.CurrentTable ?? ""); };

        bar.Find("[data-testid=export-now]").Click();

        // The progress line shows while the run goes (the button shows it at once), and goes when it ends.
        bar.WaitForAssertion(() => Assert.Empty(bar.FindAll("[data-testid=export-progress]")), Patience);
        lock (seen) Assert.NotEmpty(seen);
    }
}
