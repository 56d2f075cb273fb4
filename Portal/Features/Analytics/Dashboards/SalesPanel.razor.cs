using MudBlazor;
using Portal.Components;
using Portal.Engine.Analytics.Dashboards;

namespace Portal.Features.Analytics.Dashboards;

public enum SalesMetric { Revenue, Orders, AverageOrderValue }

/// <summary>Revenue, orders and average order value over the range, one series per currency, with the previous period when comparing.</summary>
public partial class SalesPanel
{
    private SalesMetric Metric { get; set; }

    protected override Task<SalesTrend> LoadAsync(CancellationToken cancellationToken) => Queries.TrendAsync(Range, Compare, cancellationToken);

    private SalesTrend Trend => Data!;

    // One amount per currency ("150.00 EUR + 40.00 USD"): currencies are never added up.
    private string Revenue => Trend.IsEmpty ? "no sales" : string.Join(" + ", Trend.Currencies.Select(c => Formats.Money(c.TotalRevenue, c.Currency)));

    private string AverageOrderValue => Trend.IsEmpty ? "–" : string.Join(" · ", Trend.Currencies.Select(c => Formats.Money(c.TotalAverageOrderValue, c.Currency)));

    private string? RevenueChange => Trend.Previous is not { } previous ? null
        : string.Join(" · ", Trend.Currencies.Select(c => DashboardLabels.Change(c.TotalRevenue, previous.For(c.Currency)?.TotalRevenue ?? 0) is { } change
            ? $"{c.Currency} {change} vs previous period" : $"{c.Currency}: none in the previous period"));

    private string? OrdersChange => Trend.Previous is not { } previous ? null
        : DashboardLabels.Change(Trend.Currencies.Sum(c => c.TotalOrders), previous.Currencies.Sum(c => c.TotalOrders)) is { } change
            ? $"{change} vs previous period ({Formats.Count(previous.Currencies.Sum(c => c.TotalOrders))})" : "none in the previous period";

    private string MetricName => Metric switch
    {
        SalesMetric.Orders => "Orders",
        SalesMetric.AverageOrderValue => "Average order value",
        _ => "Revenue",
    };

    private string[] TrendLabels => DashboardLabels.Periods(Trend.Periods, Range.Grain);

    private List<ChartSeries<double>> TrendSeries =>
        Trend.Currencies.Select(c => Series(c.Currency, c))
            .Concat(Trend.Previous?.Currencies.Select(c => Series($"{c.Currency}, previous period", c)) ?? [])
            .ToList();

    private ChartSeries<double> Series(string name, CurrencySales sales) => new()
    {
        Name = name,
        Data = (Metric switch
        {
            SalesMetric.Orders => sales.Orders.Select(o => (double)o),
            SalesMetric.AverageOrderValue => sales.AverageOrderValue.Select(a => (double)a),
            _ => sales.Revenue.Select(r => (double)r),
        }).ToArray(),
    };

    private LineChartOptions TrendOptions => new()
    {
        ShowLegend = true, ShowToolTips = true,
        XAxisTitle = DashboardLabels.Grain(Range.Grain),
        YAxisTitle = Metric == SalesMetric.Orders ? "Orders" : $"{MetricName} (in each currency)",
    };

    private DashboardCsv TrendCsv
    {
        get
        {
            var csv = new DashboardCsv("period_start", "currency", "revenue", "orders", "average_order_value", "comparison");
            foreach (var (trend, comparison) in new[] { (Trend, "current"), (Trend.Previous, "previous") })
                foreach (var c in trend?.Currencies ?? [])
                    for (var i = 0; i < trend!.Periods.Count; i++)
                        csv.Row(trend.Periods[i], c.Currency, c.Revenue[i], c.Orders[i], c.AverageOrderValue[i], comparison);
            return csv;
        }
    }

}
