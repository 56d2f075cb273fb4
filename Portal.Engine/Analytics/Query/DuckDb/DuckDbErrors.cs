using DuckDB.NET.Data;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>What a DuckDB error means for the analyst.</summary>
public static class DuckDbErrors
{
    public static AnalyticsQueryException Refusal(DuckDBException ex)
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
        return new AnalyticsQueryException(QueryRefusal.Invalid, message, inner: ex);
    }
}
