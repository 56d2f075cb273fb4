using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Api;

/// <summary>A query: one SELECT in Athena's (Trino's) SQL over the lake's tables; <c>maxRows</c> may only lower the configured limit.</summary>
public sealed record AnalyticsQueryRequest(string? Sql, int? MaxRows = null);

/// <summary>
/// A result as JSON: columns with Athena's type names, then rows as arrays in column order (numbers as numbers,
/// timestamps as ISO 8601 UTC, dates as yyyy-MM-dd, nulls as null).
/// </summary>
public sealed record AnalyticsQueryResponse(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows, int RowCount, bool Truncated, long ElapsedMs);
