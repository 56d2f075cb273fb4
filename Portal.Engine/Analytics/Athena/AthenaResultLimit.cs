using System.Globalization;
using Portal.Engine.Analytics.Query;

namespace Portal.Engine.Analytics.Athena;

/// <summary>
/// Athena has no result size limit, but the portal's engines hold a result in memory under <c>Analytics:Query</c>'s
/// limits. A result the engine had to cut is never passed off as the whole one: the query FAILS, saying which limit
/// and setting it passed, and no result file is written.
/// </summary>
public static class AthenaResultLimit
{
    /// <summary>Null when the result is complete; otherwise the failed query's StateChangeReason.</summary>
    public static string? Exceeded(QueryResult result, QueryLimits limits)
    {
        if (!result.Truncated) return null;
        var advice = "no partial result was written. Aggregate or filter in SQL (GROUP BY, WHERE, LIMIT), or ask an administrator to raise ";
        return result.Rows.Count >= limits.MaxRows
            ? $"The result has more than {Number(limits.MaxRows)} rows, the portal's limit for a query result (Analytics:Query:MaxRows); "
              + advice + "Analytics:Query:MaxRows."
            : $"The result is larger than {Number(limits.MaxResultBytes)} bytes in memory, the portal's limit for a query result "
              + "(Analytics:Query:MaxResultBytes); " + advice + "Analytics:Query:MaxResultBytes.";
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
