using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query;

/// <summary>
/// The same queries over the same data (<see cref="LakeSample"/>) on every engine: results and Athena type names,
/// Trino functions, limits, and hostile SQL refused with nothing written anywhere.
/// </summary>
public abstract class QueryEngineContractTests : IAsyncLifetime
{
    private QueryEngineFixture? fixture;

    /// <summary>An engine over <see cref="LakeSample"/> (skips, or fails under CI=true, when its peer is missing).</summary>
    protected abstract Task<QueryEngineFixture> CreateFixtureAsync();

    protected async Task<QueryEngineFixture> FixtureAsync() => fixture ??= await CreateFixtureAsync();

    protected async Task<QueryResult> RunAsync(string sql, int? maxRows = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        await (await FixtureAsync()).Engine.RunAsync(new AnalyticsQuery(sql, maxRows, timeout), cancellationToken);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (fixture is not null) await fixture.DisposeAsync();
    }

    [SkippableFact]
    public async Task Counts_and_sums_over_all_partitions_and_files()
    {
        var result = await RunAsync("SELECT count(*) AS lines, sum(line_total) AS revenue, sum(quantity) AS units FROM sales");

        Assert.Equal(["lines", "revenue", "units"], result.Columns.Select(c => c.Name));
        Assert.Equal("bigint", result.Columns[0].Type);
        Assert.Equal("decimal", result.Columns[1].Type);
        Assert.Equal(2, result.Columns[1].Scale);
        Assert.Equal("bigint", result.Columns[2].Type);
        var row = Assert.Single(result.Rows);
        Assert.Equal(5L, row[0]);
        Assert.Equal(25.00m + 4.25m + 12.50m + 90.00m + 17.00m, row[1]);
        Assert.Equal(11L, row[2]);
        Assert.False(result.Truncated);
    }

    [SkippableFact]
    public async Task Columns_come_back_with_athena_type_names_and_clr_values()
    {
        var result = await RunAsync(
            "SELECT order_id, placed_at, quantity, unit_price, status, membership_tier, month, CAST(placed_at AS DATE) AS day, quantity > 1 AS many, CAST(quantity AS DOUBLE) / 4 AS quarter " +
            "FROM sales WHERE line_id = 4");

        Assert.Equal(["bigint", "timestamp", "integer", "decimal", "varchar", "varchar", "varchar", "date", "boolean", "double"], result.Columns.Select(c => c.Type));
        Assert.Equal((12, 2), (result.Columns[3].Precision, result.Columns[3].Scale));
        var row = Assert.Single(result.Rows);
        Assert.Equal(1003L, row[0]);
        var placed = Assert.IsType<DateTime>(row[1]);
        Assert.Equal(LakeSample.Nov20, placed);
        Assert.Equal(DateTimeKind.Utc, placed.Kind);
        Assert.Equal(3, row[2]);
        Assert.Equal(30.00m, row[3]);
        Assert.Equal("Paid", row[4]);
        Assert.Null(row[5]);
        Assert.Equal("2026-11", row[6]);
        Assert.Equal(new DateOnly(2026, 11, 20), row[7]);
        Assert.Equal(true, row[8]);
        Assert.Equal(0.75, row[9]);
    }

    [SkippableFact]
    public async Task Partitions_group_by_month()
    {
        var result = await RunAsync("SELECT month, count(*) AS lines FROM sales GROUP BY month ORDER BY month");

        Assert.Equal([["2026-10", 2L], ["2026-11", 3L]], result.Rows.Select(r => r.ToArray()));
    }

    [SkippableFact]
    public async Task Joins_tables_including_the_unpartitioned_catalog()
    {
        var result = await RunAsync(
            "SELECT c.category, sum(s.line_total) AS revenue FROM sales s JOIN catalog c ON c.item_id = s.item_id " +
            "WHERE c.is_active GROUP BY c.category ORDER BY revenue DESC");

        Assert.Equal([["Kitchen", 37.50m], ["Food", 21.25m]], result.Rows.Select(r => r.ToArray()));
    }

    [SkippableFact]
    public async Task An_empty_table_is_queryable_with_its_columns()
    {
        var result = await RunAsync("SELECT * FROM membership");

        Assert.Empty(result.Rows);
        Assert.Equal(LakeTables.Membership.Columns.Select(c => c.Name).Append(LakeTables.PartitionColumn), result.Columns.Select(c => c.Name));
        Assert.Equal("date", result.Columns[0].Type);
        Assert.Equal("bigint", result.Columns.Single(c => c.Name == "order_count").Type);
    }

    [SkippableFact]
    public async Task Trino_functions_run_as_on_athena()
    {
        var result = await RunAsync(
            "SELECT approx_percentile(quantity, 0.5) AS p50, approx_distinct(item_id) AS items, " +
            "date_format(min(placed_at), '%Y-%m-%d %H:%i') AS first, date_trunc('month', max(placed_at)) AS last_month, " +
            "date_diff('day', min(placed_at), max(placed_at)) AS span, count_if(status = 'Paid') AS paid FROM sales");

        var row = Assert.Single(result.Rows);
        Assert.Equal(2L, Convert.ToInt64(row[0]));
        Assert.Equal(3L, row[1]);
        Assert.Equal("2026-10-03 09:30", row[2]);
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), row[3]);
        Assert.Equal(47L, row[4]);
        Assert.Equal(2L, row[5]);
    }

    [SkippableFact]
    public async Task Json_fields_of_events_are_read_with_json_extract_scalar()
    {
        var result = await RunAsync(
            "SELECT json_extract_scalar(data, '$.Ready') AS ready, CAST(json_extract_scalar(data, '$.Millis') AS integer) AS millis, " +
            "json_extract_scalar(data, '$.Sizes') AS not_scalar FROM events ORDER BY sequence");

        Assert.Equal([["true", 120, null], ["false", 480, null]], result.Rows.Select(r => r.ToArray()));
    }

    [SkippableFact]
    public async Task More_rows_than_the_limit_are_cut_off_and_flagged()
    {
        var result = await RunAsync("SELECT line_id FROM sales ORDER BY line_id", maxRows: 2);

        Assert.Equal([[1L], [2L]], result.Rows.Select(r => r.ToArray()));
        Assert.True(result.Truncated);
    }

    [SkippableFact]
    public async Task A_syntax_error_says_where()
    {
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => RunAsync("SELECT order_id FROM sales WHERE"));

        Assert.Equal(QueryRefusal.Syntax, error.Refusal);
        Assert.NotNull(error.Position);
    }

    [SkippableFact]
    public async Task An_unknown_table_is_invalid()
    {
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => RunAsync("SELECT * FROM customers"));

        Assert.Equal(QueryRefusal.Invalid, error.Refusal);
        Assert.Contains("customers", error.Message);
    }

    [SkippableFact]
    public async Task A_query_over_its_time_limit_is_stopped()
    {
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() =>
            RunAsync("SELECT sum(hash(a.i * b.i)) FROM range(1000000) a(i), range(1000000) b(i)", timeout: TimeSpan.FromMilliseconds(300)));

        Assert.Equal(QueryRefusal.Timeout, error.Refusal);
        Assert.Equal(5L, (await RunAsync("SELECT count(*) FROM sales")).Rows[0][0]);
    }

    [SkippableFact]
    public async Task A_cancelled_query_stops()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() =>
            RunAsync("SELECT sum(hash(a.i * b.i)) FROM range(1000000) a(i), range(1000000) b(i)", cancellationToken: cancel.Token));

        Assert.Equal(QueryRefusal.Cancelled, error.Refusal);
    }

    [SkippableTheory]
    [InlineData("SELECT count(*) FROM portal.sales")]
    [InlineData("SELECT count(*) FROM \"portal\".\"sales\"")]
    [InlineData("SELECT count(*) FROM AwsDataCatalog.portal.sales")]
    [InlineData("SELECT count(*) FROM \"AwsDataCatalog\".\"portal\".\"sales\"")]
    public async Task Athena_schema_qualified_names_are_the_plain_tables(string sql)
    {
        Assert.Equal((await RunAsync("SELECT count(*) FROM sales")).Rows[0][0], (await RunAsync(sql)).Rows[0][0]);
    }

    [SkippableFact]
    public async Task Tables_lists_the_lake_tables()
    {
        var tables = await (await FixtureAsync()).Engine.TablesAsync();

        Assert.Equal(LakeTables.All.Select(t => t.Name), tables.Select(t => t.Name));
        Assert.Equal(LakeTables.Sales.Columns.Select(c => c.Name), tables[0].Columns.Select(c => c.Name));
    }

    public static TheoryData<string, QueryRefusal> HostileSql => new()
    {
        { "COPY (SELECT * FROM sales) TO '{dataset}/lake/sales/month=2026-11/part-evil.parquet' (FORMAT parquet)", QueryRefusal.NotReadOnly },
        { "COPY sales TO '{dataset}/evil.csv'", QueryRefusal.NotReadOnly },
        { "/* report */ COPY (SELECT 1) TO '{dataset}/evil.csv'", QueryRefusal.NotReadOnly },
        { "EXPORT DATABASE '{dataset}/dump'", QueryRefusal.NotReadOnly },
        { "ATTACH '{dataset}/evil.duckdb' AS evil", QueryRefusal.NotReadOnly },
        { "ATTACH ':memory:' AS evil", QueryRefusal.NotReadOnly },
        { "DETACH memory", QueryRefusal.NotReadOnly },
        { "INSTALL httpfs", QueryRefusal.NotReadOnly },
        { "LOAD httpfs", QueryRefusal.NotReadOnly },
        { "PRAGMA database_list", QueryRefusal.NotReadOnly },
        { "PRAGMA enable_profiling", QueryRefusal.NotReadOnly },
        { "SET threads = 64", QueryRefusal.NotReadOnly },
        { "SET enable_external_access = true", QueryRefusal.NotReadOnly },
        { "RESET allowed_directories", QueryRefusal.NotReadOnly },
        { "CALL pragma_version()", QueryRefusal.NotReadOnly },
        { "CREATE TABLE loot AS SELECT * FROM sales", QueryRefusal.NotReadOnly },
        { "CREATE OR REPLACE VIEW sales AS SELECT 1 AS x", QueryRefusal.NotReadOnly },
        { "CREATE MACRO approx_percentile(x, p) AS 0", QueryRefusal.NotReadOnly },
        { "INSERT INTO sales SELECT * FROM sales", QueryRefusal.NotReadOnly },
        { "UPDATE sales SET quantity = 0", QueryRefusal.NotReadOnly },
        { "DELETE FROM sales", QueryRefusal.NotReadOnly },
        { "DROP VIEW sales", QueryRefusal.NotReadOnly },
        { "CHECKPOINT", QueryRefusal.NotReadOnly },
        { "SELECT 1; SELECT 2", QueryRefusal.NotReadOnly },
        { "SELECT 1; DROP VIEW sales", QueryRefusal.NotReadOnly },
        { "SELECT 1; -- just a comment\nDROP VIEW sales", QueryRefusal.NotReadOnly },
        { "SELECT 1 /* ; */; /* hidden */ DROP VIEW sales", QueryRefusal.NotReadOnly },
        { "SELECT 1 AS x; COPY (SELECT 1) TO '{dataset}/evil.csv'", QueryRefusal.NotReadOnly },
        { "SELECT * FROM read_csv('/etc/passwd')", QueryRefusal.Invalid },
        { "SELECT * FROM read_text('/etc/passwd')", QueryRefusal.Invalid },
        { "SELECT * FROM read_blob('/etc/hostname')", QueryRefusal.Invalid },
        { "SELECT * FROM read_parquet('{dataset}/../*.parquet')", QueryRefusal.Invalid },
        { "SELECT * FROM '/etc/passwd'", QueryRefusal.Invalid },
        { "SELECT * FROM glob('/etc/*')", QueryRefusal.Invalid },
        { "SELECT * FROM read_csv('http://127.0.0.1:9/data.csv')", QueryRefusal.Invalid },
        { "SELECT * FROM read_parquet('s3://portal-lake/lake/sales/x.parquet')", QueryRefusal.Invalid },
        { "SELECT getenv('HOME')", QueryRefusal.Invalid },
        { "SELECT * FROM query('COPY (SELECT 1) TO ''{dataset}/evil.csv''')", QueryRefusal.NotReadOnly },
        { "SELECT * FROM query('DROP VIEW sales')", QueryRefusal.NotReadOnly },
    };

    [SkippableTheory]
    [MemberData(nameof(HostileSql))]
    public async Task Hostile_sql_is_refused_and_writes_nothing(string sql, QueryRefusal expected)
    {
        var f = await FixtureAsync();
        await RunAsync("SELECT count(*) FROM sales");
        var before = await f.FingerprintAsync();

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => RunAsync(sql.Replace("{dataset}", f.DatasetDirectory)));

        Assert.Equal(expected, error.Refusal);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.Equal(before, await f.FingerprintAsync());
        Assert.Equal(5L, (await RunAsync("SELECT count(*) FROM sales")).Rows[0][0]);
    }

    [SkippableFact]
    public async Task Huge_sql_is_too_large()
    {
        var sql = "SELECT " + string.Join(" + ", Enumerable.Repeat("1", 60_000));
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => RunAsync(sql));
        Assert.Equal(QueryRefusal.TooLarge, error.Refusal);
    }

    [SkippableFact]
    public async Task Deeply_nested_expressions_and_subqueries_are_too_large()
    {
        var expression = "SELECT " + new string('(', 500) + "1" + new string(')', 500);
        var subqueries = string.Concat(Enumerable.Repeat("SELECT * FROM (", 200)) + "SELECT 1" + new string(')', 200);

        Assert.Equal(QueryRefusal.TooLarge, (await Assert.ThrowsAsync<AnalyticsQueryException>(() => RunAsync(expression))).Refusal);
        Assert.Equal(QueryRefusal.TooLarge, (await Assert.ThrowsAsync<AnalyticsQueryException>(() => RunAsync(subqueries))).Refusal);
    }
}

/// <summary>An engine under test, and a fingerprint of every place it could write to.</summary>
public abstract class QueryEngineFixture : IAsyncDisposable
{
    public abstract IAnalyticsQueryEngine Engine { get; }

    /// <summary>The folder the engine reads the dataset from (to aim hostile SQL at it).</summary>
    public abstract string DatasetDirectory { get; }

    /// <summary>A hash of every file (path and bytes) the engine could write to: it must not change under hostile SQL.</summary>
    public abstract Task<string> FingerprintAsync();

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public static string FingerprintOf(params string[] directories)
    {
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var directory in directories)
        {
            if (!Directory.Exists(directory)) continue;
            foreach (var entry in Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes(entry + "\n"));
                if (File.Exists(entry)) hash.AppendData(File.ReadAllBytes(entry));
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }
}
