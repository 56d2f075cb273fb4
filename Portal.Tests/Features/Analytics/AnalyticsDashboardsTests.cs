using Bunit;
using MudBlazor;
using Portal.Engine.Analytics.Dashboards;
using Portal.Engine.Analytics.Lake;
using Portal.Features.Analytics;
using Portal.Features.Analytics.Dashboards;
using Portal.Tests.Engine.Analytics.Dashboards;

namespace Portal.Tests.Features.Analytics;

/// <summary>The dashboards page over the known lake of <see cref="DashboardLakeData"/>: figures, presets, comparison, empty states, item trend.</summary>
public sealed class AnalyticsDashboardsTests : DashboardsTestContext
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Lake.WithDashboardData().PublishAsync();
    }

    [Fact]
    public void The_default_range_is_the_last_30_days_with_revenue_per_currency()
    {
        var page = Render<AnalyticsHome>();

        page.WaitForAssertion(() => Assert.Equal("1,149.00 EUR + 40.00 USD", Stat(page, "stat-revenue")), Patience);
        Assert.Equal("2026-11-02 to 2026-12-01 (UTC)", page.Find("[data-testid=range-days]").TextContent.Trim());
        Assert.Equal("5", Stat(page, "stat-orders"));
        Assert.Equal(["EUR", "USD"], page.FindAll("[data-testid=sales-trend] .mud-chart-legend-item").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public async Task A_preset_and_the_comparison_change_the_figures()
    {
        var page = Render<AnalyticsHome>();
        page.WaitForElement("[data-testid=stat-revenue]", Patience);

        await page.InvokeAsync(() => page.FindComponent<MudSelect<DashboardPreset>>().Instance.ValueChanged.InvokeAsync(DashboardPreset.LastMonth));
        page.WaitForAssertion(() => Assert.Equal("150.00 EUR + 40.00 USD", Stat(page, "stat-revenue")), Patience);
        Assert.Equal("2026-11-01 to 2026-11-30 (UTC)", page.Find("[data-testid=range-days]").TextContent.Trim());

        await page.InvokeAsync(() => page.FindComponent<MudSwitch<bool>>().Instance.ValueChanged.InvokeAsync(true));
        page.WaitForAssertion(() => Assert.Contains("EUR +50 % vs previous period", page.Find("[data-testid=stat-revenue]").TextContent), Patience);
        Assert.Contains("USD: none in the previous period", page.Find("[data-testid=stat-revenue]").TextContent);
        Assert.Equal(["EUR", "USD", "EUR, previous period"], page.FindAll("[data-testid=sales-trend] .mud-chart-legend-item").Select(e => e.TextContent.Trim()));
    }

    [Fact]
    public void A_range_without_sales_shows_the_empty_state()
    {
        var page = Render<SalesPanel>(p => p.Add(x => x.Range, new DashboardRange(new(2025, 1, 1), new(2025, 1, 31), DashboardGrain.Day)));

        page.WaitForElement("[data-testid=sales-trend-empty]", Patience);
        Assert.Equal("No sales in this range.", page.Find("[data-testid=sales-trend-empty]").TextContent.Trim());
        Assert.Empty(page.FindAll("[data-testid=sales-trend-csv]"));
    }

    [Fact]
    public void Choosing_an_item_shows_its_trend_and_each_chart_offers_its_csv()
    {
        var page = Render<ItemsPanel>(p => p.Add(x => x.Range, new DashboardRange(DashboardLakeData.From, DashboardLakeData.To, DashboardGrain.Day)));
        page.WaitForElement("[data-testid=seller-select]", Patience);

        var tea = page.FindAll("[data-testid=seller-select]").First(b => b.TextContent.Trim() == "Tea");
        Assert.Equal("button", tea.TagName.ToLowerInvariant()); // reachable and usable by keyboard
        tea.Click();

        page.WaitForElement("[data-testid=item-trend] .mud-chart", Patience);
        Assert.Contains("Tea: units sold per day", page.Find("[data-testid=item-trend]").TextContent);
        var csv = Uri.UnescapeDataString(page.Find("[data-testid=top-items-csv]").GetAttribute("href")!["data:text/csv;charset=utf-8,".Length..]);
        Assert.Equal(["item_id,name,units,currency,revenue", "12,Tea,8,EUR,110.00", "11,Mug,3,EUR,40.00", "11,Mug,3,USD,30.00", "13,Lamp,1,USD,10.00"],
            csv.TrimEnd().Split(Environment.NewLine));
        Assert.Equal("top-items.csv", page.Find("[data-testid=top-items-csv]").GetAttribute("download"));
    }

    [Fact]
    public void Membership_shipping_and_images_show_their_figures()
    {
        var november = new DashboardRange(DashboardLakeData.From, DashboardLakeData.To, DashboardGrain.Day);

        var membership = Render<MembershipPanel>(p => p.Add(x => x.Range, november));
        membership.WaitForElement("[data-testid=tier-moved]", Patience);
        Assert.Equal("2 customers changed tier, joined or left.", membership.Find("[data-testid=tier-moved]").TextContent.Trim());
        Assert.Equal(4, membership.FindAll("[data-testid=tier-move]").Count);

        var shipping = Render<ShippingPanel>(p => p.Add(x => x.Range, november));
        shipping.WaitForElement("[data-testid=ship-times] .mud-chart", Patience);
        Assert.Equal(["Median (p50)", "95th percentile (p95)"], shipping.FindAll("[data-testid=ship-times] .mud-chart-legend-item").Select(e => e.TextContent.Trim()));

        var images = Render<ImagesPanel>(p => p.Add(x => x.Range, november));
        images.WaitForElement("[data-testid=stat-uploads]", Patience);
        Assert.Equal(("3", "1"), (Stat(images, "stat-uploads"), Stat(images, "stat-failed")));
    }

    [Fact]
    public void Charts_and_controls_have_names()
    {
        var page = Render<AnalyticsHome>();
        page.WaitForElement("[data-testid=sales-trend] .mud-chart", Patience);

        Assert.Equal("Revenue per Day, one line per currency", page.Find("[data-testid=sales-trend] [role=img][aria-label]").GetAttribute("aria-label"));
        Assert.Equal("Download Revenue per day as CSV", page.Find("[data-testid=sales-trend-csv]").GetAttribute("aria-label"));
        Assert.Equal(["Sales", "Items", "Membership", "Shipping", "Images"], page.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.Contains(page.FindAll("label"), label => label.TextContent.Trim() == "Range");
    }

    private static string Stat(IRenderedComponent<Microsoft.AspNetCore.Components.IComponent> page, string testId) =>
        page.Find($"[data-testid={testId}] .mud-typography-h5").TextContent.Trim();
}
