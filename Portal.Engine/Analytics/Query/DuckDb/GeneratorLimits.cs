using System.Globalization;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>
/// DuckDB builds the value of a scalar list or string maker (<c>generate_series(1, 400000000)</c>, <c>repeat</c>,
/// <c>lpad</c>, <c>list_resize</c>) in one allocation that its <c>memory_limit</c> does not count, so one such call
/// could take the portal's memory before any interrupt lands. Temporary macros shadow them (a temporary macro wins over
/// a built-in of the same name, and calls the built-in by its system name) and refuse values over
/// <c>Analytics:DuckDb:MaxGeneratedValues</c> before anything is built. The table functions (<c>FROM range(...)</c>)
/// stream in chunks and are left alone.
/// </summary>
public static class GeneratorLimits
{
    /// <summary>How the refusal's message starts, so <see cref="DuckDbErrors"/> can tell it from other errors.</summary>
    public const string Marker = "Too large:";

    public static IEnumerable<string> Statements(long max)
    {
        var limit = max.ToString("N0", CultureInfo.InvariantCulture);
        string Refuse(string function) =>
            $"error('{Marker} {function}() would build more than {limit} values in one go (Analytics:DuckDb:MaxGeneratedValues). "
            + "To go through many numbers or times, read them from the table function instead: SELECT n FROM range(1, 1000000000) t(n).')";
        string Guard(string function, string count, string call) =>
            $"CASE WHEN {count} > {max} THEN {Refuse(function)} ELSE system.main.{function}({call}) END";
        const string Span = "abs(CAST(b AS DOUBLE) - a)";
        const string TimeSpan = "abs(CAST(epoch_us(b) AS DOUBLE) - epoch_us(a)) / greatest(abs(epoch_us(TIMESTAMP '1970-01-01' + s)), 1)";

        foreach (var series in new[] { "generate_series", "range" })
            yield return $"CREATE OR REPLACE TEMP MACRO {series}"
                + $"(b BIGINT) AS {Guard(series, "abs(CAST(b AS DOUBLE))", "b")}, "
                + $"(a BIGINT, b BIGINT) AS {Guard(series, Span, "a, b")}, "
                + $"(a BIGINT, b BIGINT, s BIGINT) AS {Guard(series, $"{Span} / greatest(abs(s), 1)", "a, b, s")}, "
                + $"(a TIMESTAMP, b TIMESTAMP, s INTERVAL) AS {Guard(series, TimeSpan, "a, b, s")}, "
                + $"(a TIMESTAMPTZ, b TIMESTAMPTZ, s INTERVAL) AS {Guard(series, TimeSpan, "a, b, s")}";
        yield return $"CREATE OR REPLACE TEMP MACRO repeat(x, n) AS {Guard("repeat", "CAST(n AS DOUBLE) * greatest(len(x), 1)", "x, n")}";
        foreach (var resize in new[] { "list_resize", "array_resize" })
            yield return $"CREATE OR REPLACE TEMP MACRO {resize}"
                + $"(l, n) AS {Guard(resize, "CAST(n AS DOUBLE)", "l, n")}, "
                + $"(l, n, v) AS {Guard(resize, "CAST(n AS DOUBLE)", "l, n, v")}";
        foreach (var pad in new[] { "lpad", "rpad" })
            yield return $"CREATE OR REPLACE TEMP MACRO {pad}(x, n, p) AS {Guard(pad, "CAST(n AS DOUBLE)", "x, n, p")}";
    }
}
