using System.Globalization;
using Portal.Engine.Analytics.Lake;

namespace Portal.Engine.Analytics.Dashboards;

/// <summary>
/// The dashboards' SQL, written for Athena (Trino), which the DuckDB engine also runs. The only values put into the text
/// are dates, grains and item ids, each formatted here from a typed value: no user text is ever concatenated.
/// Time filters are half-open (<c>&gt;= from AND &lt; day after to</c>); a filter on the <c>month</c> partition as well
/// lets both engines skip the months outside the range.
/// </summary>
public static class DashboardSql
{
    public const string ImageUploaded = "portal.images.uploaded.v1";
    public const string ImageProcessed = "portal.images.processed.v1";

    /// <summary>
    /// Revenue and orders per bucket and currency (cancelled orders left out), by the time the order was placed. Read from
    /// <c>orders</c>, one row per order carrying its total: a quarter of the rows of <c>sales</c> and no
    /// <c>count(DISTINCT order_id)</c>.
    /// </summary>
    public static string Sales(DashboardRange range) => $"""
        SELECT {PlacedPeriod(range)} AS period, currency,
               sum(total) AS revenue, count(*) AS orders
        FROM {LakeTables.Orders.Name}
        WHERE {Within("placed_at", range)} AND status <> 'Cancelled'
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    /// <summary>Units and revenue per item and currency; the service ranks the items.</summary>
    public static string Items(DashboardRange range) => $"""
        SELECT item_id, max(item_name) AS item_name, max(category) AS category, currency,
               sum(quantity) AS units, sum(line_total) AS revenue
        FROM {LakeTables.Sales.Name}
        WHERE {Within("placed_at", range)} AND status <> 'Cancelled'
        GROUP BY item_id, currency
        """;

    /// <summary>Units and revenue per category and currency.</summary>
    public static string Categories(DashboardRange range) => $"""
        SELECT coalesce(category, '') AS category, currency, sum(quantity) AS units, sum(line_total) AS revenue
        FROM {LakeTables.Sales.Name}
        WHERE {Within("placed_at", range)} AND status <> 'Cancelled'
        GROUP BY 1, 2
        """;

    /// <summary>One item's units and revenue per bucket and currency.</summary>
    public static string ItemTrend(long itemId, DashboardRange range) => $"""
        SELECT {PlacedPeriod(range)} AS period, currency,
               sum(quantity) AS units, sum(line_total) AS revenue
        FROM {LakeTables.Sales.Name}
        WHERE item_id = {itemId.ToString(CultureInfo.InvariantCulture)} AND {Within("placed_at", range)} AND status <> 'Cancelled'
        GROUP BY 1, 2
        ORDER BY 1, 2
        """;

    /// <summary>Customers per tier in the last snapshot taken on or before the range's end.</summary>
    public static string Tiers(DashboardRange range) => $"""
        SELECT snapshot_date, tier, count(DISTINCT customer_key) AS customers
        FROM {LakeTables.Membership.Name}
        WHERE snapshot_date = (SELECT max(snapshot_date) FROM {LakeTables.Membership.Name} WHERE snapshot_date <= {Date(range.To)})
        GROUP BY snapshot_date, tier
        """;

    /// <summary>
    /// How customers moved: their tier in the range's first snapshot against its last. A customer missing from one side
    /// (not a member yet, or gone) has tier null there.
    /// </summary>
    public static string TierMoves(DashboardRange range) => $"""
        WITH bounds AS (
            SELECT min(snapshot_date) AS first_day, max(snapshot_date) AS last_day
            FROM {LakeTables.Membership.Name}
            WHERE snapshot_date BETWEEN {Date(range.From)} AND {Date(range.To)}),
        starting AS (
            SELECT DISTINCT m.customer_key, m.tier FROM {LakeTables.Membership.Name} m JOIN bounds b ON m.snapshot_date = b.first_day),
        ending AS (
            SELECT DISTINCT m.customer_key, m.tier FROM {LakeTables.Membership.Name} m JOIN bounds b ON m.snapshot_date = b.last_day)
        SELECT s.tier AS from_tier, e.tier AS to_tier, count(*) AS customers, b.first_day, b.last_day
        FROM starting s FULL OUTER JOIN ending e ON s.customer_key = e.customer_key CROSS JOIN bounds b
        GROUP BY s.tier, e.tier, b.first_day, b.last_day
        """;

    /// <summary>Orders and revenue per tier the customer had when ordering, and currency.</summary>
    public static string OrdersByTier(DashboardRange range) => $"""
        SELECT coalesce(membership_tier, '') AS tier, currency, count(*) AS orders, sum(total) AS revenue
        FROM {LakeTables.Orders.Name}
        WHERE {Within("placed_at", range)} AND status <> 'Cancelled'
        GROUP BY 1, 2
        """;

    /// <summary>Minutes from paid to shipped, p50 and p95, per week the orders shipped.</summary>
    public static string ShippingTimes(DashboardRange range) => $"""
        SELECT CAST(date_trunc('week', shipped_at) AS date) AS period, count(*) AS orders,
               approx_percentile(date_diff('minute', paid_at, shipped_at), 0.5) AS p50_minutes,
               approx_percentile(date_diff('minute', paid_at, shipped_at), 0.95) AS p95_minutes
        FROM {LakeTables.Orders.Name}
        WHERE {Within("shipped_at", range, partitioned: false)} AND paid_at IS NOT NULL
        GROUP BY 1
        ORDER BY 1
        """;

    /// <summary>Grams and orders shipped per day.</summary>
    public static string WeightShipped(DashboardRange range) => $"""
        SELECT CAST(date_trunc('day', shipped_at) AS date) AS period, count(*) AS orders, sum(weight_grams) AS grams
        FROM {LakeTables.Orders.Name}
        WHERE {Within("shipped_at", range, partitioned: false)}
        GROUP BY 1
        ORDER BY 1
        """;

    /// <summary>Uploads per day.</summary>
    public static string Uploads(DashboardRange range) => $"""
        SELECT CAST(date_trunc('day', occurred_at) AS date) AS period, count(*) AS uploads
        FROM {LakeTables.Events.Name}
        WHERE type = '{ImageUploaded}' AND {Within("occurred_at", range)}
        GROUP BY 1
        ORDER BY 1
        """;

    /// <summary>
    /// Per day an image finished: how many, how many failed (<c>Ready</c> false), and the p95 of seconds from its upload
    /// (the first upload event of the same event_key) to that result.
    /// </summary>
    public static string Processing(DashboardRange range) => $"""
        WITH processed AS (
            SELECT event_key, occurred_at, lower(json_extract_scalar(data, '$.Ready')) AS ready
            FROM {LakeTables.Events.Name}
            WHERE type = '{ImageProcessed}' AND {Within("occurred_at", range)}),
        uploaded AS (
            SELECT event_key, min(occurred_at) AS uploaded_at
            FROM {LakeTables.Events.Name}
            WHERE type = '{ImageUploaded}' AND occurred_at < {Timestamp(range.To.AddDays(1))}
            GROUP BY event_key)
        SELECT CAST(date_trunc('day', p.occurred_at) AS date) AS period, count(*) AS processed,
               count_if(p.ready = 'false') AS failed,
               approx_percentile(date_diff('millisecond', u.uploaded_at, p.occurred_at), 0.95) AS p95_ms
        FROM processed p LEFT JOIN uploaded u ON u.event_key = p.event_key
        GROUP BY 1
        ORDER BY 1
        """;

    /// <summary>
    /// The bucket of <c>placed_at</c> in <c>sales</c> and <c>orders</c>. By month it is the row's <c>month</c> partition
    /// (the month the order was placed, UTC), the same date as <c>date_trunc</c> gives but one value per file instead of a
    /// computation per row.
    /// </summary>
    private static string PlacedPeriod(DashboardRange range) => range.Grain == DashboardGrain.Month
        ? $"CAST({LakeTables.PartitionColumn} || '-01' AS date)"
        : $"CAST(date_trunc('{Grain(range)}', placed_at) AS date)";

    private static string Grain(DashboardRange range) => range.Grain switch
    {
        DashboardGrain.Week => "week",
        DashboardGrain.Month => "month",
        _ => "day",
    };

    private static string Within(string column, DashboardRange range, bool partitioned = true)
    {
        var filter = $"{column} >= {Timestamp(range.From)} AND {column} < {Timestamp(range.To.AddDays(1))}";
        return partitioned
            ? $"{LakeTables.PartitionColumn} BETWEEN '{Month(range.From)}' AND '{Month(range.To)}' AND {filter}"
            : filter;
    }

    private static string Timestamp(DateOnly day) => $"TIMESTAMP '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} 00:00:00'";

    private static string Date(DateOnly day) => $"DATE '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

    private static string Month(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
}
