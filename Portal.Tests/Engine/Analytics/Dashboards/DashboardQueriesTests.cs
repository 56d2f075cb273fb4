using Portal.Engine.Analytics.Dashboards;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Analytics.Dashboards.DashboardLakeData;

namespace Portal.Tests.Engine.Analytics.Dashboards;

/// <summary>Each dashboard query's figures against the known dataset of <see cref="DashboardLakeData"/>, through a real engine.</summary>
public sealed class DashboardQueriesTests : IAsyncLifetime, IDisposable
{
    private static readonly DashboardRange November = new(From, To, DashboardGrain.Day);
    private readonly LakeFixture _lake = new LakeFixture().WithDashboardData();
    private readonly DashboardQueries _queries;

    public DashboardQueriesTests() => _queries = new DashboardQueries(_lake.Engine);

    public Task InitializeAsync() => _lake.PublishAsync();
    public Task DisposeAsync() => Task.CompletedTask;
    public void Dispose() => _lake.Dispose();

    [Fact]
    public async Task Revenue_orders_and_average_order_value_are_per_day_and_currency()
    {
        var trend = await _queries.TrendAsync(November, compare: false);

        Assert.Equal(30, trend.Periods.Count);
        Assert.Equal(["EUR", "USD"], trend.Currencies.Select(c => c.Currency));
        var eur = trend.For("EUR")!;
        Assert.Equal(150m, eur.Revenue[1]);
        Assert.Equal(2, eur.Orders[1]);
        Assert.Equal(75m, eur.AverageOrderValue[1]);
        Assert.Equal((150m, 2L), (eur.TotalRevenue, eur.TotalOrders)); // the cancelled order and December's are left out
        var usd = trend.For("USD")!;
        Assert.Equal((30m, 10m), (usd.Revenue[1], usd.Revenue[29])); // 23:59 on the last day still counts
        Assert.Equal(20m, usd.TotalAverageOrderValue);
        Assert.Null(trend.Previous);
    }

    [Fact]
    public async Task The_comparison_is_the_period_of_the_same_length_before()
    {
        var trend = await _queries.TrendAsync(November, compare: true);

        var previous = trend.Previous!;
        Assert.Equal((new DateOnly(2026, 10, 2), new DateOnly(2026, 10, 31)), (previous.Range.From, previous.Range.To));
        Assert.Equal(["EUR"], previous.Currencies.Select(c => c.Currency));
        Assert.Equal((100m, 2L), (previous.For("EUR")!.TotalRevenue, previous.For("EUR")!.TotalOrders)); // 10-01 23:59 is before it
        Assert.Equal(60m, previous.For("EUR")!.Revenue[0]);
    }

    [Fact]
    public async Task Weeks_and_months_bucket_the_same_orders()
    {
        var weeks = await _queries.TrendAsync(November.WithGrain(DashboardGrain.Week), compare: false);
        Assert.Equal(new DateOnly(2026, 10, 26), weeks.Periods[0]);
        Assert.Equal(150m, weeks.For("EUR")!.Revenue[1]); // the week of Monday 11-02
        Assert.Equal(10m, weeks.For("USD")!.Revenue[^1]); // the week of Monday 11-30

        var months = await _queries.TrendAsync(new DashboardRange(new(2026, 10, 1), To, DashboardGrain.Month), compare: false);
        Assert.Equal([105m, 150m], months.For("EUR")!.Revenue);
    }

    [Fact]
    public async Task An_empty_range_has_its_periods_and_no_series()
    {
        var empty = new DashboardRange(new(2025, 1, 1), new(2025, 1, 7), DashboardGrain.Day);

        var trend = await _queries.TrendAsync(empty, compare: true);
        var sales = await _queries.ItemsAsync(empty);

        Assert.True(trend.IsEmpty);
        Assert.Equal(7, trend.Periods.Count);
        Assert.True(trend.Previous!.IsEmpty);
        Assert.Empty(sales.TopItems);
        Assert.Empty(sales.TopCategories);
        Assert.True((await _queries.ShippingAsync(empty)).IsEmpty);
        Assert.True((await _queries.ImagesAsync(empty)).IsEmpty);
        var membership = await _queries.MembershipAsync(empty);
        Assert.True(membership.Tiers.IsEmpty);
        Assert.True(membership.Moves.IsEmpty);
    }

    [Fact]
    public async Task Top_items_and_categories_rank_by_units_with_revenue_per_currency()
    {
        var sales = await _queries.ItemsAsync(November);

        Assert.Equal([("Tea", 8L), ("Mug", 3L), ("Lamp", 1L)], sales.TopItems.Select(i => (i.Name, i.Units)));
        Assert.Equal([new Money(40m, "EUR"), new Money(30m, "USD")], sales.TopItems[1].Revenue);
        Assert.Equal(11, sales.TopItems[1].ItemId);
        Assert.Equal("Kitchen", sales.TopItems[1].Category);
        Assert.Equal([("Food", 8L), ("Kitchen", 3L), ("Home", 1L)], sales.TopCategories.Select(c => (c.Name, c.Units)));
        Assert.Equal([new Money(110m, "EUR")], sales.TopCategories[0].Revenue);
    }

    [Fact]
    public async Task An_items_trend_has_its_units_and_revenue_per_bucket()
    {
        var tea = await _queries.ItemTrendAsync(12, November);

        Assert.Equal(8, tea.Units[1]);
        Assert.Equal(8, tea.Units.Sum());
        Assert.Equal(110m, tea.Revenue.Single(c => c.Currency == "EUR").Revenue[1]);
        Assert.True((await _queries.ItemTrendAsync(999, November)).IsEmpty);
    }

    [Fact]
    public async Task Membership_has_the_last_snapshots_tiers_and_the_moves_between_them()
    {
        var membership = await _queries.MembershipAsync(November);

        Assert.Equal(To, membership.Tiers.SnapshotDate);
        Assert.Equal([new TierCount("Basic", 1), new TierCount("Silver", 2), new TierCount("Gold", 1)], membership.Tiers.Tiers);
        Assert.Equal((From, To), (membership.Moves.FirstSnapshot, membership.Moves.LastSnapshot));
        Assert.Equal(
            [new TierMove(null, "Gold", 1), new TierMove("Basic", "Basic", 1), new TierMove("Basic", "Silver", 1), new TierMove("Silver", "Silver", 1)],
            membership.Moves.Moves);
        Assert.Equal(2, membership.Moves.Moved);
        Assert.Equal([("Basic", 2L), ("Silver", 1L), ("Gold", 1L)], membership.OrdersByTier.Select(t => (t.Tier, t.Orders)));
        Assert.Equal([new Money(100m, "EUR"), new Money(10m, "USD")], membership.OrdersByTier[0].Revenue);
    }

    [Fact]
    public async Task Shipping_has_paid_to_shipped_hours_per_week_and_weight_per_day()
    {
        var shipping = await _queries.ShippingAsync(November);

        Assert.Equal(
            [(new DateOnly(2026, 11, 2), 2.0), (new DateOnly(2026, 11, 9), 168.0), (new DateOnly(2026, 11, 16), 768.0)],
            shipping.Times.Select(t => (t.Week, t.P95Hours)));
        Assert.All(shipping.Times, t => Assert.Equal(t.P50Hours, t.P95Hours)); // one order a week
        Assert.Equal(30, shipping.Days.Count);
        Assert.Equal((1L, 500L), (shipping.Days[1].Orders, shipping.Days[1].Grams));
        Assert.Equal(2000, shipping.Days[15].Grams); // placed in October, shipped in range
        Assert.Equal(3500, shipping.Days.Sum(d => d.Grams));
    }

    [Fact]
    public async Task Images_have_uploads_failures_and_the_p95_from_upload_to_result_per_day()
    {
        var images = await _queries.ImagesAsync(November);

        Assert.Equal(30, images.Days.Count);
        Assert.Equal(3, images.Uploads);
        Assert.Equal(1, images.Failed);
        var first = images.Days[0];
        Assert.Equal((0L, 1L, 0L, 2.0), (first.Uploads, first.Processed, first.Failed, first.P95Seconds)); // uploaded the day before
        var third = images.Days[2];
        Assert.Equal((2L, 2L, 1L), (third.Uploads, third.Processed, third.Failed));
        Assert.InRange(third.P95Seconds!.Value, 2.0, 4.0);
        Assert.Equal((1L, 0L, (double?)null), (images.Days[3].Uploads, images.Days[3].Processed, images.Days[3].P95Seconds));
    }

    [Fact]
    public void The_sql_carries_only_formatted_dates_and_ids()
    {
        var sql = DashboardSql.ItemTrend(42, November);
        Assert.Contains("item_id = 42", sql);
        Assert.Contains("TIMESTAMP '2026-11-01 00:00:00'", sql);
        Assert.Contains("TIMESTAMP '2026-12-01 00:00:00'", sql);
        Assert.Contains("month BETWEEN '2026-11' AND '2026-11'", sql);
    }

    [Fact]
    public void Revenue_per_period_reads_one_row_per_order_and_months_from_the_partition()
    {
        var sql = DashboardSql.Sales(new DashboardRange(new(2026, 10, 1), To, DashboardGrain.Month));
        Assert.Contains("FROM orders", sql);
        Assert.DoesNotContain("DISTINCT", sql);
        Assert.Contains("CAST(month || '-01' AS date) AS period", sql);
        Assert.Contains("date_trunc('week', placed_at)", DashboardSql.Sales(November.WithGrain(DashboardGrain.Week)));
    }
}
