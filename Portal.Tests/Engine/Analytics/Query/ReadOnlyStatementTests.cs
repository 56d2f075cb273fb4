using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query;

/// <summary>The Athena engine's own read-only check: writing statements and batches are refused before anything is sent.</summary>
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
    public void A_writing_statement_is_refused_naming_it(string sql, string keyword)
    {
        var error = Assert.Throws<AnalyticsQueryException>(() => ReadOnlyStatement.Check(sql));

        Assert.Equal(QueryRefusal.NotReadOnly, error.Refusal);
        Assert.EndsWith($"not {keyword}.", error.Message);
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
    [InlineData("SHOW TABLES")]
    [InlineData("DESCRIBE sales")]
    [InlineData("SELEC 1")] // not a statement this check knows: Athena's parser answers it, with the position
    [InlineData("SELECT \"create\" FROM \"drop\"")]
    public void Reading_statements_pass(string sql) => ReadOnlyStatement.Check(sql);
}
