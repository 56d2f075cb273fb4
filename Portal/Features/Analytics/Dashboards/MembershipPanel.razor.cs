using MudBlazor;
using Portal.Engine.Analytics.Dashboards;

namespace Portal.Features.Analytics.Dashboards;

/// <summary>Customers per tier (the last snapshot by the range's end) and how they moved between the range's first and last snapshot.</summary>
public partial class MembershipPanel
{
    protected override Task<MembershipDashboard> LoadAsync(CancellationToken cancellationToken) => Queries.MembershipAsync(Range, cancellationToken);

    private string TiersTitle => Data!.Tiers.SnapshotDate is { } day ? $"Customers per tier on {DashboardLabels.Date(day)}" : "Customers per tier";

    private string MovesTitle => Data!.Moves is { FirstSnapshot: { } first, LastSnapshot: { } last }
        ? $"Tier moves from {DashboardLabels.Date(first)} to {DashboardLabels.Date(last)}" : "Tier moves";

    private List<ChartSeries<double>> TierSeries => [new() { Name = "Customers", Data = Data!.Tiers.Tiers.Select(t => (double)t.Customers).ToArray() }];

    private DashboardCsv TiersCsv => Data!.Tiers.Tiers.Aggregate(new DashboardCsv("snapshot_date", "tier", "customers"),
        (csv, t) => csv.Row(Data.Tiers.SnapshotDate, t.Tier, t.Customers));

    private DashboardCsv MovesCsv => Data!.Moves.Moves.Aggregate(new DashboardCsv("from_tier", "to_tier", "customers"),
        (csv, m) => csv.Row(m.From, m.To, m.Customers));

    private DashboardCsv ByTierCsv
    {
        get
        {
            var csv = new DashboardCsv("tier", "orders", "currency", "revenue");
            foreach (var t in Data!.OrdersByTier)
                foreach (var m in t.Revenue) csv.Row(t.Tier, t.Orders, m.Currency, m.Amount);
            return csv;
        }
    }
}
