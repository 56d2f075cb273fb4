using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query;

/// <summary>
/// The Athena engine's own read-only check, an allow-list: one query (SELECT, WITH ... SELECT, VALUES, TABLE, or one of
/// these in parentheses); everything else, and batches, refused before anything is sent.
/// </summary>
public sealed class ReadOnlyStatementTests
{
    [Theory]
    [InlineData("CREATE TABLE t AS SELECT 1", "CREATE")]
    [InlineData("  insert into sales select * from sales", "INSERT")]
    [InlineData("UNLOAD (SELECT 1) TO 's3://x/' WITH (format = 'PARQUET')", "UNLOAD")]
    [InlineData("/* a comment */ DROP TABLE sales", "DROP")]
    [InlineData("-- SELECT\nDELETE FROM sales", "DELETE")]
    [InlineData("(MERGE INTO x USING y ON true WHEN MATCHED THEN DELETE)", "MERGE")]
    [InlineData("MSCK REPAIR TABLE sales", "MSCK")]
    [InlineData("SET SESSION query_max_run_time = '1h'", "SET")]
    [InlineData("EXPLAIN ANALYZE INSERT INTO sales SELECT * FROM sales", "EXPLAIN")]
    [InlineData("EXPLAIN SELECT 1", "EXPLAIN")]
    [InlineData("SHOW TABLES", "SHOW")]
    [InlineData("DESCRIBE sales", "DESCRIBE")]
    [InlineData("USE portal", "USE")]
    [InlineData("SELEC 1", "SELEC")]
    [InlineData("WITH t AS (SELECT 1 AS n) INSERT INTO sales SELECT * FROM t", "INSERT")]
    [InlineData("WITH t (n) AS (SELECT 1), u AS (SELECT 2) DELETE FROM sales", "DELETE")]
    [InlineData("(WITH t AS (SELECT 1) (UPDATE sales SET quantity = 0))", "UPDATE")]
    public void A_writing_statement_is_refused_naming_it(string sql, string keyword)
    {
        var error = Assert.Throws<AnalyticsQueryException>(() => ReadOnlyStatement.Check(sql));

        Assert.Equal(QueryRefusal.NotReadOnly, error.Refusal);
        Assert.EndsWith($"not {keyword}.", error.Message);
        Assert.StartsWith("Only a single query (SELECT, WITH ... SELECT, VALUES or TABLE) is allowed", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ;")]
    [InlineData("/* only a comment */")]
    [InlineData("'SELECT 1'")]
    [InlineData("WITH t AS (SELECT 1)")]
    public void Something_that_is_no_statement_is_refused(string sql)
    {
        var error = Assert.Throws<AnalyticsQueryException>(() => ReadOnlyStatement.Check(sql));

        Assert.Equal(QueryRefusal.NotReadOnly, error.Refusal);
        Assert.StartsWith("Only a single query", error.Message);
    }

    [Theory]
    [InlineData("SELECT 1; DROP TABLE sales")]
    [InlineData("SELECT 1;SELECT 2")]
    [InlineData("SELECT ';' AS a; /* x */ CREATE TABLE t AS SELECT 1")]
    public void Several_statements_are_refused(string sql)
    {
        var error = Assert.Throws<AnalyticsQueryException>(() => ReadOnlyStatement.Check(sql));

        Assert.Equal(QueryRefusal.NotReadOnly, error.Refusal);
        Assert.Contains("not several statements", error.Message);
    }

    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("SELECT 1;")]
    [InlineData("  select ';' as semicolon, 'DROP TABLE x' as text ; \n -- done; DROP\n")]
    [InlineData("WITH t AS (SELECT 1 AS n) SELECT * FROM t")]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)")]
    [InlineData("VALUES (1), (2)")]
    [InlineData("TABLE sales")]
    [InlineData("((SELECT 1))")]
    [InlineData("WITH RECURSIVE t (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 3), u AS (SELECT 2) SELECT * FROM t, u")]
    [InlineData("with t as (select 1) (select * from t) union (values (2))")]
    [InlineData("(WITH t AS (SELECT 1 AS n) SELECT n FROM t)")]
    [InlineData("/* DROP */ -- INSERT\n SELECT \"create\" FROM \"drop\"")]
    public void Reading_statements_pass(string sql) => ReadOnlyStatement.Check(sql);

    /// <summary>
    /// The DuckDB contract's hostile corpus, checked here directly (the Athena engine sends nothing this check refuses):
    /// every entry that is not a single query is refused. The ones that are a single SELECT calling DuckDB's file
    /// readers, getenv or query() pass this check; Trino has none of those functions, so Athena refuses them itself.
    /// </summary>
    [Theory]
    [MemberData(nameof(QueryEngineContractTests.HostileSql), MemberType = typeof(QueryEngineContractTests))]
    public void The_hostile_corpus_is_refused_unless_it_is_a_single_select(string sql, QueryRefusal duckDbRefusal)
    {
        sql = sql.Replace("{dataset}", "/tmp/lake");
        var singleSelect = sql.StartsWith("SELECT ", StringComparison.Ordinal) && !sql.Contains(';', StringComparison.Ordinal);
        if (singleSelect)
        {
            ReadOnlyStatement.Check(sql);
            Assert.True(duckDbRefusal == QueryRefusal.Invalid || sql.Contains("query('", StringComparison.Ordinal), sql);
            return;
        }
        var error = Assert.Throws<AnalyticsQueryException>(() => ReadOnlyStatement.Check(sql));
        Assert.Equal(QueryRefusal.NotReadOnly, error.Refusal);
        Assert.Equal(QueryRefusal.NotReadOnly, duckDbRefusal);
    }
}
