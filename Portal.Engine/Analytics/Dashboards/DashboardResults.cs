namespace Portal.Engine.Analytics.Dashboards;

/// <summary>One currency's figures per bucket, in the order of <see cref="SalesTrend.Periods"/> (zero where nothing sold).</summary>
public sealed record CurrencySales(string Currency, IReadOnlyList<decimal> Revenue, IReadOnlyList<long> Orders)
{
    /// <summary>Revenue divided by orders per bucket; 0 where there were no orders.</summary>
    public IReadOnlyList<decimal> AverageOrderValue { get; } =
        Revenue.Zip(Orders, (revenue, orders) => orders == 0 ? 0m : decimal.Round(revenue / orders, 2)).ToList();

    public decimal TotalRevenue => Revenue.Sum();
    public long TotalOrders => Orders.Sum();
    public decimal TotalAverageOrderValue => TotalOrders == 0 ? 0m : decimal.Round(TotalRevenue / TotalOrders, 2);
}

/// <summary>
/// Revenue, orders and average order value over a range: one series per currency, never added up across currencies.
/// <see cref="Previous"/> (when asked for) covers <see cref="DashboardRange.Previous"/>, bucket i against bucket i.
/// </summary>
public sealed record SalesTrend(DashboardRange Range, IReadOnlyList<DateOnly> Periods, IReadOnlyList<CurrencySales> Currencies, SalesTrend? Previous = null)
{
    public bool IsEmpty => Currencies.Count == 0;
    public CurrencySales? For(string currency) => Currencies.FirstOrDefault(c => c.Currency == currency);
}

/// <summary>An amount in one currency.</summary>
public sealed record Money(decimal Amount, string Currency);

/// <summary>An item or category ranked by units sold; its revenue per currency.</summary>
public sealed record RankedSeller(string Key, string Name, string? Category, long Units, IReadOnlyList<Money> Revenue)
{
    /// <summary>The item id for an item, null for a category.</summary>
    public long? ItemId { get; init; }
}

/// <summary>One item's units (all currencies) and revenue per currency, per bucket of <see cref="Periods"/>.</summary>
public sealed record ItemTrend(long ItemId, DashboardRange Range, IReadOnlyList<DateOnly> Periods, IReadOnlyList<long> Units,
    IReadOnlyList<CurrencySales> Revenue)
{
    public bool IsEmpty => Units.All(u => u == 0);
}

/// <summary>Customers per tier in one snapshot (<see cref="SnapshotDate"/> is null when there is no snapshot yet).</summary>
public sealed record TierCounts(DateOnly? SnapshotDate, IReadOnlyList<TierCount> Tiers)
{
    public bool IsEmpty => Tiers.Count == 0;
}

public sealed record TierCount(string Tier, long Customers);

/// <summary>How many customers were in <see cref="From"/> at the range's first snapshot and in <see cref="To"/> at its last (null: not there).</summary>
public sealed record TierMove(string? From, string? To, long Customers);

public sealed record TierMoves(DateOnly? FirstSnapshot, DateOnly? LastSnapshot, IReadOnlyList<TierMove> Moves)
{
    public bool IsEmpty => Moves.Count == 0;
    /// <summary>Customers whose tier changed (or who joined or left) between the two snapshots.</summary>
    public long Moved => Moves.Where(m => m.From != m.To).Sum(m => m.Customers);
}

/// <summary>Orders and revenue per currency by the tier the customer had when ordering.</summary>
public sealed record TierSales(string Tier, long Orders, IReadOnlyList<Money> Revenue);

public sealed record MembershipDashboard(TierCounts Tiers, TierMoves Moves, IReadOnlyList<TierSales> OrdersByTier);

/// <summary>Paid-to-shipped time per week the orders shipped.</summary>
public sealed record ShippingTime(DateOnly Week, long Orders, double P50Hours, double P95Hours);

/// <summary>Shipped per day: orders and grams.</summary>
public sealed record ShippedDay(DateOnly Day, long Orders, long Grams);

public sealed record ShippingDashboard(IReadOnlyList<ShippingTime> Times, IReadOnlyList<ShippedDay> Days)
{
    public bool IsEmpty => Times.Count == 0 && Days.All(d => d.Orders == 0);
}

/// <summary>An image pipeline day: uploads, results, failures and the p95 from upload to result.</summary>
public sealed record ImageDay(DateOnly Day, long Uploads, long Processed, long Failed, double? P95Seconds);

public sealed record ImagesDashboard(IReadOnlyList<ImageDay> Days)
{
    public bool IsEmpty => Days.All(d => d.Uploads == 0 && d.Processed == 0);
    public long Uploads => Days.Sum(d => d.Uploads);
    public long Failed => Days.Sum(d => d.Failed);
}

/// <summary>What sold: the items and categories with the most units.</summary>
public sealed record ItemsDashboard(IReadOnlyList<RankedSeller> TopItems, IReadOnlyList<RankedSeller> TopCategories);
