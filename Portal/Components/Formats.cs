using System.Globalization;

namespace Portal.Components;

/// <summary>
/// How every page writes money, rates, dates and times: one invariant format, so every user reads the same
/// and a date never depends on the server's culture or time zone. Dates and times are shown in UTC, labelled.
/// Pages never format these by hand (Portal.Tests/Components/FormatsUsageTests scans for it).
/// </summary>
public static class Formats
{
    /// <summary>The date pattern, also for date pickers so typed and shown dates look alike.</summary>
    public const string DatePattern = "yyyy-MM-dd";

    private const string TimePattern = "HH:mm";
    private const string AmountPattern = "#,0.00";
    private const string InputAmountPattern = "0.00";
    private const string FileStampPattern = "yyyyMMdd-HHmm";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"1,234.50 EUR": an amount always with its currency code.</summary>
    public static string Money(decimal amount, string currency) =>
        $"{amount.ToString(AmountPattern, Invariant)} {Currency(currency)}";

    /// <summary>
    /// "1234.50": an amount as an input field holds it, for typing over (no grouping, no currency: the field
    /// stands beside its currency). Everything shown to be read uses <see cref="Money"/>.
    /// </summary>
    public static string AmountInput(decimal amount) => amount.ToString(InputAmountPattern, Invariant);

    /// <summary>"+1.50 EUR", "−2.00 EUR", "0.00 EUR": a change of an amount, with its sign.</summary>
    public static string MoneyChange(decimal change, string currency) =>
        (change > 0 ? "+" : change < 0 ? "−" : "") + Money(Math.Abs(change), currency);

    /// <summary>"12.5 %" for a rate of 0.125.</summary>
    public static string Percent(decimal rate) => (rate * 100).ToString("0.#", Invariant) + " %";

    /// <summary>"0.934": a model's score between 0 and 1 (accuracy, precision, F1), to three places.</summary>
    public static string Score(double value) => value.ToString("0.000", Invariant);

    /// <summary>"0.0001", "20", "1E-07": a setting's number as short as it is exact (a hyperparameter and its range).</summary>
    public static string Number(double value) => value.ToString("G", Invariant);
    /// <summary>"87%": a model's probability (0-1) as a whole percentage.</summary>
    public static string Probability(double probability) => Math.Round(probability * 100).ToString("0", Invariant) + "%";

    /// <summary>"1,234": a count of things.</summary>
    public static string Count(long count) => count.ToString("#,0", Invariant);

    /// <summary>How long something took, in seconds with two decimals ("0.42 s").</summary>
    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.00", Invariant) + " s";

    /// <summary>"72 hours", "90 minutes": a validity period in whole hours, or minutes under two hours.</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalHours >= 2 ? Count((long)span.TotalHours) + " hours" : Count((long)span.TotalMinutes) + " minutes";

    /// <summary>A UTC time for a file name ("20261205-013700").</summary>
    public static string FileStamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd-HHmmss", Invariant);

    /// <summary>A timestamp as Athena writes it in result CSV ("2026-12-05 01:37:00.000"); for machines, not people.</summary>
    public static string CsvTimestamp(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss.fff", Invariant);

    /// <summary>A date as Athena writes it in result CSV ("2026-12-05").</summary>
    public static string CsvDate(DateOnly date) => date.ToString("yyyy-MM-dd", Invariant);

    /// <summary>"2026-12-04" (the UTC date).</summary>
    public static string Date(DateTime at) => Utc(at).ToString(DatePattern, Invariant);

    /// <inheritdoc cref="Date(DateTime)"/>
    public static string Date(DateTimeOffset at) => Date(at.UtcDateTime);

    /// <summary>"2026-12-04 17:23 UTC".</summary>
    public static string Timestamp(DateTime at) => Utc(at).ToString($"{DatePattern} {TimePattern}", Invariant) + " UTC";

    /// <inheritdoc cref="Timestamp(DateTime)"/>
    public static string Timestamp(DateTimeOffset at) => Timestamp(at.UtcDateTime);

    /// <summary>A time of day in UTC, e.g. a chart's axis label: <c>14:05</c>.</summary>
    public static string Time(DateTime at) => Utc(at).ToString(TimePattern, Invariant);

    /// <summary>"20261204-1723": a UTC date and time inside a file name (sorts by time; no spaces or colons).</summary>
    public static string FileStamp(DateTime at) => Utc(at).ToString(FileStampPattern, Invariant);

    /// <summary>"12.3 ms", or "–" when nothing was measured.</summary>
    public static string Milliseconds(double? ms) => ms is { } v ? v.ToString("#,0.#", Invariant) + " ms" : "–";

    /// <summary>"97.5 %" of a 0-1 ratio, or "–" when there is none.</summary>
    public static string Ratio(double? ratio) => ratio is { } v ? (v * 100).ToString("0.#", Invariant) + " %" : "–";

    /// <summary>"3.25/s".</summary>
    public static string PerSecond(double rate) => rate.ToString("#,0.##", Invariant) + "/s";

    // The engine stores UTC; values read back from a database come with an unspecified kind.
    private static DateTime Utc(DateTime at) => at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : at;

    private static string Currency(string currency) =>
        string.IsNullOrWhiteSpace(currency) ? throw new ArgumentException("An amount needs its currency.", nameof(currency)) : currency.Trim().ToUpperInvariant();
}
