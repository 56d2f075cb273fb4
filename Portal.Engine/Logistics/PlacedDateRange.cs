namespace Portal.Engine.Logistics;

/// <summary>
/// Whole days as a half-open range of UTC instants, safe at the calendar's edges: the end of a day is the
/// start of the next one, except for 9999-12-31, which has no next day and so leaves the range open at the top.
/// </summary>
public static class PlacedDateRange
{
    /// <summary>The first instant of <paramref name="day"/>, in UTC.</summary>
    public static DateTime StartOf(DateTime day) => DateTime.SpecifyKind(day.Date, DateTimeKind.Utc);

    /// <summary>The first instant after <paramref name="day"/> (exclusive end), or null when the day is the calendar's last.</summary>
    public static DateTime? EndOf(DateTime day) =>
        day.Date == DateTime.MaxValue.Date ? null : DateTime.SpecifyKind(day.Date.AddDays(1), DateTimeKind.Utc);
}
