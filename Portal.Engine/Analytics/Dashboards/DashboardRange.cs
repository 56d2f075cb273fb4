namespace Portal.Engine.Analytics.Dashboards;

/// <summary>How figures over time are bucketed. Weeks start on Monday (ISO), as <c>date_trunc('week', ...)</c> does on both engines.</summary>
public enum DashboardGrain { Day, Week, Month }

/// <summary>
/// The days a dashboard shows, <see cref="From"/> to <see cref="To"/> inclusive (UTC dates), bucketed by
/// <see cref="Grain"/>. <see cref="Previous"/> is the period of the same length just before it, for comparison.
/// </summary>
public sealed record DashboardRange
{
    public DashboardRange(DateOnly from, DateOnly to, DashboardGrain grain)
    {
        if (to < from) throw new ArgumentException($"The range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd}).", nameof(to));
        From = from;
        To = to;
        Grain = grain;
    }

    public DateOnly From { get; }
    public DateOnly To { get; }
    public DashboardGrain Grain { get; }

    public int Days => To.DayNumber - From.DayNumber + 1;

    /// <summary>The same number of days, ending the day before <see cref="From"/>.</summary>
    public DashboardRange Previous => new(From.AddDays(-Days), From.AddDays(-1), Grain);

    /// <summary>The start of every bucket the range touches, in order (a bucket may start before <see cref="From"/>).</summary>
    public IReadOnlyList<DateOnly> Periods()
    {
        var periods = new List<DateOnly>();
        for (var start = PeriodOf(From); start <= To; start = Next(start)) periods.Add(start);
        return periods;
    }

    /// <summary>The start of the bucket a day falls in.</summary>
    public DateOnly PeriodOf(DateOnly day) => Grain switch
    {
        DashboardGrain.Week => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        DashboardGrain.Month => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    private DateOnly Next(DateOnly start) => Grain switch
    {
        DashboardGrain.Week => start.AddDays(7),
        DashboardGrain.Month => start.AddMonths(1),
        _ => start.AddDays(1),
    };
}

/// <summary>The ranges the dashboards offer with one click.</summary>
public enum DashboardPreset { Last7Days, Last30Days, Last90Days, ThisMonth, LastMonth, Last12Months, Custom }

public static class DashboardPresets
{
    /// <summary>The range of a preset as of <paramref name="today"/> (UTC); <see cref="DashboardPreset.Custom"/> has none.</summary>
    public static DashboardRange Range(DashboardPreset preset, DateOnly today) => preset switch
    {
        DashboardPreset.Last7Days => new(today.AddDays(-6), today, DashboardGrain.Day),
        DashboardPreset.Last30Days => new(today.AddDays(-29), today, DashboardGrain.Day),
        DashboardPreset.Last90Days => new(today.AddDays(-89), today, DashboardGrain.Week),
        DashboardPreset.ThisMonth => new(new DateOnly(today.Year, today.Month, 1), today, DashboardGrain.Day),
        DashboardPreset.LastMonth => LastMonth(today),
        DashboardPreset.Last12Months => new(new DateOnly(today.Year, today.Month, 1).AddMonths(-11), today, DashboardGrain.Month),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "A custom range has no preset dates."),
    };

    /// <summary>The grain that keeps a chart readable: days up to two months, weeks up to a half year, months beyond.</summary>
    public static DashboardGrain GrainFor(DateOnly from, DateOnly to) => (to.DayNumber - from.DayNumber) switch
    {
        <= 62 => DashboardGrain.Day,
        <= 183 => DashboardGrain.Week,
        _ => DashboardGrain.Month,
    };

    private static DashboardRange LastMonth(DateOnly today)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        return new(first, first.AddMonths(1).AddDays(-1), DashboardGrain.Day);
    }
}

public static class DashboardRangeExtensions
{
    /// <summary>The same days, bucketed by <paramref name="grain"/>.</summary>
    public static DashboardRange WithGrain(this DashboardRange range, DashboardGrain grain) => new(range.From, range.To, grain);
}
