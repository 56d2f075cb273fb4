using Portal.Components;
using System.Globalization;
using Portal.Engine.Analytics.Dashboards;

namespace Portal.Features.Analytics.Dashboards;

/// <summary>How the dashboards name buckets, presets and durations.</summary>
public static class DashboardLabels
{
    public static string Period(DateOnly start, DashboardGrain grain) => grain switch
    {
        DashboardGrain.Month => Date(start)[..7],
        DashboardGrain.Week => "w/c " + Date(start)[5..],
        _ => Date(start)[5..],
    };

    public static string[] Periods(IEnumerable<DateOnly> starts, DashboardGrain grain) => starts.Select(s => Period(s, grain)).ToArray();

    public static string Grain(DashboardGrain grain) => grain switch
    {
        DashboardGrain.Week => "Week",
        DashboardGrain.Month => "Month",
        _ => "Day",
    };

    public static string Preset(DashboardPreset preset) => preset switch
    {
        DashboardPreset.Last7Days => "Last 7 days",
        DashboardPreset.Last30Days => "Last 30 days",
        DashboardPreset.Last90Days => "Last 90 days",
        DashboardPreset.ThisMonth => "This month",
        DashboardPreset.LastMonth => "Last month",
        DashboardPreset.Last12Months => "Last 12 months",
        _ => "Custom",
    };

    public static string Date(DateOnly day) => Formats.Date(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));

    /// <summary>"4 min ago", "2 h ago", "3 days ago".</summary>
    public static string Ago(DateTime at, DateTime now)
    {
        var age = now - at;
        return age.TotalMinutes < 1 ? "just now"
            : age.TotalHours < 1 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalDays < 1 ? $"{(int)age.TotalHours} h ago"
            : $"{(int)age.TotalDays} days ago";
    }

    /// <summary>"2.4 s".</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    /// <summary>"+12.5 %" change from <paramref name="previous"/>, or null when there is nothing to compare with.</summary>
    public static string? Change(decimal current, decimal previous) =>
        previous == 0 ? null : (current >= previous ? "+" : "−") + Formats.Percent(Math.Abs(current - previous) / previous);
}
