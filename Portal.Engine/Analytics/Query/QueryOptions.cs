using Microsoft.Extensions.Options;

namespace Portal.Engine.Analytics.Query;

/// <summary>Settings under <c>Analytics</c>: which engine runs analysts' SQL (<c>Analytics:Engine</c>) and its limits (<c>Analytics:Query</c>).</summary>
public sealed class QueryOptions
{
    public const string Section = "Analytics";
    public const string DuckDbEngine = "DuckDb";
    public const string AthenaEngine = "Athena";

    /// <summary><c>DuckDb</c> (default: embedded, over a local mirror of the exported dataset) or <c>Athena</c>.</summary>
    public string Engine { get; set; } = DuckDbEngine;

    public QueryLimits Query { get; set; } = new();

    public bool IsAthena => string.Equals(Engine, AthenaEngine, StringComparison.OrdinalIgnoreCase);
    public bool IsDuckDb => string.Equals(Engine, DuckDbEngine, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Limits every query runs under (<c>Analytics:Query</c>); a query may ask for lower ones, never higher.</summary>
public sealed class QueryLimits
{
    /// <summary>Rows a result may hold; more are cut off and the result says it was truncated.</summary>
    public int MaxRows { get; set; } = 100_000;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Bytes a result may hold in memory (its values as text, roughly); like <see cref="MaxRows"/>, more rows are cut
    /// off and the result says it was truncated. Keeps a few hundred thousand wide rows from filling the portal's memory.
    /// </summary>
    public long MaxResultBytes { get; set; } = 256L << 20;

    /// <summary>Characters of SQL accepted.</summary>
    public int MaxSqlLength { get; set; } = 100_000;

    /// <summary>How deeply parentheses (subqueries, expressions) may nest.</summary>
    public int MaxNestingDepth { get; set; } = 64;

    public int RowsFor(AnalyticsQuery query) => query.MaxRows is > 0 and var rows && rows < MaxRows ? rows : MaxRows;

    public TimeSpan TimeoutFor(AnalyticsQuery query) => query.Timeout is { } t && t > TimeSpan.Zero && t < Timeout ? t : Timeout;
}

public sealed class QueryOptionsValidator : IValidateOptions<QueryOptions>
{
    public ValidateOptionsResult Validate(string? name, QueryOptions options)
    {
        var failures = new List<string>();
        var p = QueryOptions.Section;
        if (!options.IsDuckDb && !options.IsAthena)
            failures.Add($"{p}:Engine must be 'DuckDb' or 'Athena', not '{options.Engine}'.");
        var q = options.Query ?? new QueryLimits();
        if (q.MaxRows is < 1 or > 10_000_000)
            failures.Add($"{p}:Query:MaxRows must be between 1 and 10000000, not {q.MaxRows}.");
        if (q.MaxResultBytes is < 1024 or > 4L << 30)
            failures.Add($"{p}:Query:MaxResultBytes must be between 1024 and 4294967296, not {q.MaxResultBytes}.");
        if (q.Timeout <= TimeSpan.Zero || q.Timeout > TimeSpan.FromHours(1))
            failures.Add($"{p}:Query:Timeout must be more than 0 and at most 01:00:00, not {q.Timeout}.");
        if (q.MaxSqlLength is < 100 or > 10_000_000)
            failures.Add($"{p}:Query:MaxSqlLength must be between 100 and 10000000, not {q.MaxSqlLength}.");
        if (q.MaxNestingDepth is < 1 or > 500)
            failures.Add($"{p}:Query:MaxNestingDepth must be between 1 and 500, not {q.MaxNestingDepth}.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
