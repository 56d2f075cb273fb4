using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Dashboards;

/// <summary>
/// The dashboards' figures, every one read from the lake through <see cref="IAnalyticsQueryEngine"/> (never the shop
/// tables). Each section runs its queries in parallel; amounts stay per currency throughout.
/// </summary>
public sealed class DashboardQueries(IAnalyticsQueryEngine engine)
{
    /// <summary>How many items and categories the rankings keep.</summary>
    public const int TopCount = 10;

    /// <summary>The top items and categories, queried in parallel.</summary>
    public async Task<ItemsDashboard> ItemsAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var items = TopItemsAsync(range, cancellationToken);
        var categories = TopCategoriesAsync(range, cancellationToken);
        return new ItemsDashboard(await items, await categories);
    }

    /// <summary>Revenue, orders and average order value per bucket and currency, with the previous period when <paramref name="compare"/>.</summary>
    public async Task<SalesTrend> TrendAsync(DashboardRange range, bool compare, CancellationToken cancellationToken = default)
    {
        var current = RunAsync(DashboardSql.Sales(range), cancellationToken);
        var previous = compare ? RunAsync(DashboardSql.Sales(range.Previous), cancellationToken) : null;
        var trend = Trend(range, await current);
        return previous is null ? trend : trend with { Previous = Trend(range.Previous, await previous) };
    }

    public async Task<IReadOnlyList<RankedSeller>> TopItemsAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var rows = (await RunAsync(DashboardSql.Items(range), cancellationToken)).All.Select(r => (
            Id: r.Long("item_id"), Name: r.Text("item_name") ?? "", Category: r.Text("category"),
            Units: r.Long("units"), Revenue: new Money(r.Decimal("revenue"), r.Text("currency") ?? "")));
        return Rank(rows.GroupBy(r => r.Id).Select(g => new RankedSeller(
            g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.First().Name, g.First().Category,
            g.Sum(r => r.Units), ByCurrency(g.Select(r => r.Revenue))) { ItemId = g.Key }));
    }

    public async Task<IReadOnlyList<RankedSeller>> TopCategoriesAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var rows = (await RunAsync(DashboardSql.Categories(range), cancellationToken)).All.Select(r => (
            Category: r.Text("category") ?? "", Units: r.Long("units"), Revenue: new Money(r.Decimal("revenue"), r.Text("currency") ?? "")));
        return Rank(rows.GroupBy(r => r.Category).Select(g => new RankedSeller(
            g.Key, g.Key.Length == 0 ? "(no category)" : g.Key, null, g.Sum(r => r.Units), ByCurrency(g.Select(r => r.Revenue)))));
    }

    /// <summary>One item's units and revenue per bucket (the click-through from the rankings).</summary>
    public async Task<ItemTrend> ItemTrendAsync(long itemId, DashboardRange range, CancellationToken cancellationToken = default)
    {
        var rows = (await RunAsync(DashboardSql.ItemTrend(itemId, range), cancellationToken)).All
            .Select(r => (Period: r.Date("period")!.Value, Currency: r.Text("currency") ?? "", Units: r.Long("units"), Revenue: r.Decimal("revenue")))
            .ToList();
        var periods = range.Periods();
        var units = periods.Select(p => rows.Where(r => r.Period == p).Sum(r => r.Units)).ToList();
        var revenue = rows.Select(r => r.Currency).Distinct().Order(StringComparer.Ordinal)
            .Select(currency => new CurrencySales(currency,
                periods.Select(p => rows.Where(r => r.Period == p && r.Currency == currency).Sum(r => r.Revenue)).ToList(),
                periods.Select(p => rows.Where(r => r.Period == p && r.Currency == currency).Sum(r => r.Units)).ToList()))
            .ToList();
        return new ItemTrend(itemId, range, periods, units, revenue);
    }

    public async Task<MembershipDashboard> MembershipAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var tiers = RunAsync(DashboardSql.Tiers(range), cancellationToken);
        var moves = RunAsync(DashboardSql.TierMoves(range), cancellationToken);
        var byTier = RunAsync(DashboardSql.OrdersByTier(range), cancellationToken);

        var tierRows = (await tiers).All.ToList();
        var counts = new TierCounts(tierRows.Select(r => r.Date("snapshot_date")).FirstOrDefault(),
            tierRows.Select(r => new TierCount(r.Text("tier") ?? "", r.Long("customers"))).OrderBy(t => TierOrder(t.Tier)).ToList());

        var moveRows = (await moves).All.ToList();
        var tierMoves = new TierMoves(moveRows.Select(r => r.Date("first_day")).FirstOrDefault(), moveRows.Select(r => r.Date("last_day")).FirstOrDefault(),
            moveRows.Select(r => new TierMove(r.Text("from_tier"), r.Text("to_tier"), r.Long("customers")))
                .OrderBy(m => TierOrder(m.From)).ThenBy(m => TierOrder(m.To)).ToList());

        var sales = (await byTier).All
            .Select(r => (Tier: r.Text("tier") ?? "", Orders: r.Long("orders"), Revenue: new Money(r.Decimal("revenue"), r.Text("currency") ?? "")))
            .GroupBy(r => r.Tier)
            .Select(g => new TierSales(g.Key, g.Sum(r => r.Orders), ByCurrency(g.Select(r => r.Revenue))))
            .OrderBy(t => TierOrder(t.Tier))
            .ToList();
        return new MembershipDashboard(counts, tierMoves, sales);
    }

    public async Task<ShippingDashboard> ShippingAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var times = RunAsync(DashboardSql.ShippingTimes(range), cancellationToken);
        var weights = RunAsync(DashboardSql.WeightShipped(range), cancellationToken);
        var weeks = (await times).All.Select(r => new ShippingTime(r.Date("period")!.Value, r.Long("orders"),
            Hours(r.Double("p50_minutes")), Hours(r.Double("p95_minutes")))).ToList();
        var byDay = (await weights).All.ToDictionary(r => r.Date("period")!.Value, r => (Orders: r.Long("orders"), Grams: r.Long("grams")));
        var days = EachDay(range).Select(d => byDay.TryGetValue(d, out var v) ? new ShippedDay(d, v.Orders, v.Grams) : new ShippedDay(d, 0, 0)).ToList();
        return new ShippingDashboard(weeks, days);
    }

    public async Task<ImagesDashboard> ImagesAsync(DashboardRange range, CancellationToken cancellationToken = default)
    {
        var uploads = RunAsync(DashboardSql.Uploads(range), cancellationToken);
        var processing = RunAsync(DashboardSql.Processing(range), cancellationToken);
        var uploaded = (await uploads).All.ToDictionary(r => r.Date("period")!.Value, r => r.Long("uploads"));
        var processed = (await processing).All.ToDictionary(r => r.Date("period")!.Value,
            r => (Processed: r.Long("processed"), Failed: r.Long("failed"), P95: r.Double("p95_ms") / 1000));
        return new ImagesDashboard(EachDay(range).Select(d => processed.TryGetValue(d, out var p)
            ? new ImageDay(d, uploaded.GetValueOrDefault(d), p.Processed, p.Failed, p.P95)
            : new ImageDay(d, uploaded.GetValueOrDefault(d), 0, 0, null)).ToList());
    }

    private async Task<QueryRows> RunAsync(string sql, CancellationToken cancellationToken) =>
        new(await engine.RunAsync(new AnalyticsQuery(sql), cancellationToken));

    private static SalesTrend Trend(DashboardRange range, QueryRows rows)
    {
        var data = rows.All.Select(r => (Period: r.Date("period")!.Value, Currency: r.Text("currency") ?? "", Revenue: r.Decimal("revenue"), Orders: r.Long("orders")))
            .ToDictionary(r => (r.Period, r.Currency));
        var periods = range.Periods();
        var currencies = data.Keys.Select(k => k.Currency).Distinct().Order(StringComparer.Ordinal)
            .Select(currency => new CurrencySales(currency,
                periods.Select(p => data.TryGetValue((p, currency), out var v) ? v.Revenue : 0m).ToList(),
                periods.Select(p => data.TryGetValue((p, currency), out var v) ? v.Orders : 0L).ToList()))
            .ToList();
        return new SalesTrend(range, periods, currencies);
    }

    private static List<RankedSeller> Rank(IEnumerable<RankedSeller> sellers) =>
        sellers.OrderByDescending(s => s.Units).ThenBy(s => s.Name, StringComparer.Ordinal).Take(TopCount).ToList();

    private static List<Money> ByCurrency(IEnumerable<Money> amounts) =>
        amounts.GroupBy(m => m.Currency).Select(g => new Money(g.Sum(m => m.Amount), g.Key)).OrderBy(m => m.Currency, StringComparer.Ordinal).ToList();

    private static IEnumerable<DateOnly> EachDay(DashboardRange range) =>
        Enumerable.Range(0, range.Days).Select(range.From.AddDays);

    private static double Hours(double? minutes) => Math.Round((minutes ?? 0) / 60, 2);

    // Tiers in their order (Basic, Silver, Gold, Platinum), anything else after them, "none" (null) first.
    private static int TierOrder(string? tier) => tier switch
    {
        null or "" => -1,
        _ when Enum.TryParse<Customers.MembershipTier>(tier, out var known) => (int)known,
        _ => 100,
    };
}
