using MudBlazor;
using Portal.Engine.Analytics.Dashboards;

namespace Portal.Features.Analytics.Dashboards;

/// <summary>The items and categories that sold the most units, with an item's trend on click.</summary>
public partial class ItemsPanel
{
    private long? _item;

    protected override Task<ItemsDashboard> LoadAsync(CancellationToken cancellationToken) => Queries.ItemsAsync(Range, cancellationToken);

    private DashboardCsv ItemsCsv => SellersCsv("item_id", Data!.TopItems);
    private DashboardCsv CategoriesCsv => SellersCsv("category", Data!.TopCategories);

    private static DashboardCsv SellersCsv(string key, IEnumerable<RankedSeller> sellers)
    {
        var csv = new DashboardCsv(key, "name", "units", "currency", "revenue");
        foreach (var s in sellers)
            foreach (var money in s.Revenue) csv.Row(s.Key, s.Name, s.Units, money.Currency, money.Amount);
        return csv;
    }

    private string[] CategoryLabels => Data!.TopCategories.Select(c => c.Name).ToArray();
    private List<ChartSeries<double>> CategorySeries => [new() { Name = "Units sold", Data = Data!.TopCategories.Select(c => (double)c.Units).ToArray() }];
    private BarChartOptions CategoryOptions => new() { ShowLegend = false, ShowToolTips = true, XAxisTitle = "Category", YAxisTitle = "Units" };

    private string ItemName => Data!.TopItems.FirstOrDefault(i => i.ItemId == _item)?.Name ?? $"Item {_item}";

    private void SelectItem(RankedSeller seller) => _item = seller.ItemId;
}
