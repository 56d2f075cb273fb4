using Portal.Engine.Analytics.Dashboards;

namespace Portal.Tests.Engine.Analytics.Dashboards;

public sealed class DashboardRangeTests
{
    private static readonly DateOnly Today = new(2026, 12, 4); // a Friday

    [Theory]
    [InlineData(DashboardPreset.Last7Days, "2026-11-28", "2026-12-04", DashboardGrain.Day)]
    [InlineData(DashboardPreset.Last30Days, "2026-11-05", "2026-12-04", DashboardGrain.Day)]
    [InlineData(DashboardPreset.Last90Days, "2026-09-06", "2026-12-04", DashboardGrain.Week)]
    [InlineData(DashboardPreset.ThisMonth, "2026-12-01", "2026-12-04", DashboardGrain.Day)]
    [InlineData(DashboardPreset.LastMonth, "2026-11-01", "2026-11-30", DashboardGrain.Day)]
    [InlineData(DashboardPreset.Last12Months, "2026-01-01", "2026-12-04", DashboardGrain.Month)]
    public void Presets_cover_their_days(DashboardPreset preset, string from, string to, DashboardGrain grain)
    {
        var range = DashboardPresets.Range(preset, Today);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to), grain), (range.From, range.To, range.Grain));
    }

    [Fact]
    public void The_previous_period_has_the_same_length_and_ends_the_day_before()
    {
        var range = new DashboardRange(new(2026, 3, 1), new(2026, 3, 31), DashboardGrain.Day);
        Assert.Equal((new DateOnly(2026, 1, 29), new DateOnly(2026, 2, 28)), (range.Previous.From, range.Previous.To));
    }

    [Fact]
    public void Periods_start_on_mondays_and_first_days()
    {
        Assert.Equal([new(2026, 11, 30), new(2026, 12, 7)], new DashboardRange(Today, Today.AddDays(5), DashboardGrain.Week).Periods());
        Assert.Equal([new(2026, 11, 1), new(2026, 12, 1)], new DashboardRange(new(2026, 11, 15), Today, DashboardGrain.Month).Periods());
    }

    [Fact]
    public void A_range_that_ends_before_it_starts_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => new DashboardRange(Today, Today.AddDays(-1), DashboardGrain.Day));
        Assert.Contains("ends (2026-12-03) before it starts (2026-12-04)", error.Message);
    }
}
