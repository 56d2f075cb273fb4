using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>What a DuckDB error means for the analyst.</summary>
public static partial class DuckDbErrors
{
    /// <summary>The error for the analyst; binder and catalog errors (an unknown column or table) keep DuckDB's position.</summary>
    public static AnalyticsQueryException Refusal(DuckDBException ex, string? sql = null)
    {
        var message = ex.Message.Trim();
        // The statement itself parsed before it ran; a parser error now comes from SQL inside it (query('...')).
        if (message.StartsWith("Parser Error", StringComparison.OrdinalIgnoreCase))
            return message.Contains("SELECT statement", StringComparison.OrdinalIgnoreCase)
                ? new AnalyticsQueryException(QueryRefusal.NotReadOnly, $"Only a single SELECT query is allowed, also inside query(). ({message})", inner: ex)
                : new AnalyticsQueryException(QueryRefusal.Invalid, message, inner: ex);
        if (message.StartsWith("Permission Error", StringComparison.OrdinalIgnoreCase))
            return new AnalyticsQueryException(QueryRefusal.Invalid, $"Not allowed: queries may read only the dataset's tables. ({message})", inner: ex);
        if (message.IndexOf(GeneratorLimits.Marker, StringComparison.Ordinal) is >= 0 and var at)
            return new AnalyticsQueryException(QueryRefusal.TooLarge, message[(at + GeneratorLimits.Marker.Length)..].Trim(), inner: ex);
        if (message.StartsWith("INTERRUPT", StringComparison.OrdinalIgnoreCase))
            return new AnalyticsQueryException(QueryRefusal.Cancelled, "The query was interrupted.", inner: ex);
        return new AnalyticsQueryException(QueryRefusal.Invalid, message, sql is null ? null : Position(message, sql), ex);
    }

    /// <summary>
    /// Where DuckDB points in the SQL: its binder and catalog errors end with the line it means and a caret under the
    /// place (<c>LINE 2: SELECT nope FROM sales</c>, then <c>^</c> under <c>nope</c>), the line shortened around the
    /// place with <c>...</c> when it is long. The 0-based offset into <paramref name="sql"/>, or null when there is none.
    /// </summary>
    public static int? Position(string message, string sql)
    {
        var match = LineAndCaret().Match(message);
        if (!match.Success || !int.TryParse(match.Groups["line"].Value, out var line) || line < 1) return null;
        var shown = match.Groups["text"].Value;
        var caret = match.Groups["caret"].Value.Length - match.Groups["prefix"].Value.Length - 1;
        if (caret < 0 || caret > shown.Length) return null;
        var lines = sql.Split('\n');
        if (line > lines.Length) return null;
        var lineStart = lines.Take(line - 1).Sum(l => l.Length + 1);
        var text = lines[line - 1].TrimEnd('\r');
        // A shortened line starts with "..." (unless the SQL line itself does): find the shown part in the real line.
        var cut = shown.StartsWith("...", StringComparison.Ordinal) && !text.StartsWith("...", StringComparison.Ordinal) ? 3 : 0;
        var part = shown[cut..];
        if (part.EndsWith("...", StringComparison.Ordinal) && !text.Contains(part, StringComparison.Ordinal)) part = part[..^3];
        var at = text.IndexOf(part, StringComparison.Ordinal);
        if (at < 0) return null;
        return lineStart + Math.Min(at + Math.Max(0, caret - cut), text.Length);
    }

    [GeneratedRegex(@"^(?<prefix>LINE (?<line>\d+): )(?<text>[^\n]*)\n(?<caret> *\^)", RegexOptions.Multiline)]
    private static partial Regex LineAndCaret();
}
