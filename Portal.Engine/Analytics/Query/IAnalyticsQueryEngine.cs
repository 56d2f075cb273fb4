using Portal.Engine.Analytics.Lake;

namespace Portal.Engine.Analytics.Query;

/// <summary>
/// Runs analysts' read-only SQL over the exported dataset: DuckDB over the Parquet files by default, Amazon Athena at
/// scale (<c>Analytics:Engine</c>). Both take the same SQL, written for Athena (Trino): the DuckDB engine defines the
/// few Trino functions it lacks (<c>approx_percentile</c>, <c>json_extract_scalar</c>, ...) so one query runs on either.
/// Anything but exactly one SELECT-class statement is refused with <see cref="AnalyticsQueryException"/>; so are
/// queries over the time or row limit. Nothing an analyst sends can write anywhere.
/// </summary>
public interface IAnalyticsQueryEngine
{
    /// <summary><c>duckdb</c> or <c>athena</c>.</summary>
    string Name { get; }

    Task<QueryResult> RunAsync(AnalyticsQuery query, CancellationToken cancellationToken = default);

    /// <summary>The tables an analyst can query and their columns (the lake's tables, as the engine sees them).</summary>
    Task<IReadOnlyList<LakeTable>> TablesAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// A query. <paramref name="MaxRows"/> and <paramref name="Timeout"/> may only lower the configured limits
/// (<c>Analytics:Query:MaxRows</c>, <c>Analytics:Query:Timeout</c>); null takes them.
/// </summary>
public sealed record AnalyticsQuery(string Sql, int? MaxRows = null, TimeSpan? Timeout = null);

/// <summary>A column of a result, with Athena's type name (<c>varchar</c>, <c>bigint</c>, <c>integer</c>, <c>double</c>, <c>decimal</c>, <c>timestamp</c>, <c>date</c>, <c>boolean</c>).</summary>
public sealed record QueryColumn(string Name, string Type, int Precision = 0, int Scale = 0);

/// <summary>
/// A finished query. Values are CLR values: <c>string</c>, <c>long</c>, <c>int</c>, <c>double</c>, <c>decimal</c>,
/// <c>bool</c>, <c>DateTime</c> (UTC) for timestamps, <c>DateOnly</c> for dates, or null.
/// <see cref="Truncated"/> says more rows existed than the row limit let through.
/// </summary>
public sealed record QueryResult(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, TimeSpan Elapsed, long DataScannedBytes = 0);

public enum QueryRefusal
{
    /// <summary>The SQL does not parse; <see cref="AnalyticsQueryException.Position"/> says where, when known.</summary>
    Syntax,
    /// <summary>Parses, but is not exactly one SELECT-class statement (DDL, DML, COPY, ATTACH, PRAGMA, SET, several statements...).</summary>
    NotReadOnly,
    /// <summary>Parses, but fails against the data (unknown table or column, type errors, a file outside the dataset...).</summary>
    Invalid,
    /// <summary>Longer or more deeply nested than allowed.</summary>
    TooLarge,
    Timeout,
    Cancelled,
    /// <summary>The dataset is not exported yet, or the engine cannot be reached.</summary>
    Unavailable,
}

/// <summary>A query the engine refused or could not finish, with a message fit to show the analyst.</summary>
public sealed class AnalyticsQueryException(QueryRefusal refusal, string message, int? position = null, Exception? inner = null)
    : Exception(message, inner)
{
    public QueryRefusal Refusal { get; } = refusal;
    /// <summary>0-based character offset into the SQL where the error is, when the engine says.</summary>
    public int? Position { get; } = position;
}
