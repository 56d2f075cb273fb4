using Portal.Engine.Analytics.Dashboards;

namespace Portal.Bench.Analytics;

/// <summary>
/// Five queries like the dashboards' (plain SQL over the LakeTables columns, written for Athena as the engines take it),
/// sent unchanged through the HTTP API and to DuckDB directly. revenue-per-month is the Sales dashboard's own query
/// (<see cref="DashboardSql.Sales"/>, by month over the generated 24 months up to today): revenue and orders from the
/// <c>orders</c> table, one row per order, not a <c>count(DISTINCT order_id)</c> over every sales line.
/// </summary>
public static class DashboardQueries
{
    private static readonly DateOnly Today = DateOnly.FromDateTime(DateTime.UtcNow);

    /// <summary>The Sales dashboard over the bench's whole history (<c>seed.sql</c> places orders over 24 months), by month.</summary>
    public static readonly DashboardRange History = new(new DateOnly(Today.Year, Today.Month, 1).AddMonths(-24), Today, DashboardGrain.Month);

    public static readonly IReadOnlyList<(string Name, string Sql)> All =
    [
        ("revenue-per-month", DashboardSql.Sales(History)),
        ("top-items", """
            SELECT item_id, item_name, category, sum(quantity) AS units, sum(line_total) AS revenue
            FROM sales WHERE status <> 'Cancelled' AND placed_at >= TIMESTAMP '2026-06-01 00:00:00'
            GROUP BY item_id, item_name, category ORDER BY revenue DESC LIMIT 10
            """),
        ("tier-counts", """
            SELECT tier, count(DISTINCT customer_key) AS customers
            FROM membership WHERE snapshot_date = (SELECT max(snapshot_date) FROM membership)
            GROUP BY tier ORDER BY customers DESC
            """),
        ("shipping-p95", """
            SELECT month, count(*) AS shipped,
                   approx_percentile(date_diff('hour', paid_at, shipped_at), 0.95) AS p95_hours_paid_to_shipped
            FROM orders WHERE shipped_at IS NOT NULL AND paid_at IS NOT NULL GROUP BY month ORDER BY month
            """),
        ("uploads-per-day", """
            SELECT CAST(occurred_at AS date) AS day, count(*) AS uploads
            FROM events WHERE type = 'portal.images.uploaded.v1' GROUP BY 1 ORDER BY 1
            """),
    ];

    /// <summary>The boto3 query: 10,000 rows of the sales table.</summary>
    public const string TenThousandRows =
        "SELECT order_id, line_id, placed_at, status, item_id, item_name, quantity, line_total FROM sales ORDER BY line_id LIMIT 10000";
}
