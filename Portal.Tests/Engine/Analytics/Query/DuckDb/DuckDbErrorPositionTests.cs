using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query.DuckDb;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>DuckDB's binder and catalog errors (an unknown column or table) keep their position, as syntax errors do.</summary>
public sealed class DuckDbErrorPositionTests : IAsyncLifetime
{
    private DuckDbLake lake = null!;

    public async Task InitializeAsync() => lake = await DuckDbLake.WithSampleAsync();

    public async Task DisposeAsync() => await lake.DisposeAsync();

    [Theory]
    [InlineData("SELECT order_id,\n       no_such_column\nFROM sales", "no_such_column")]
    [InlineData("SELECT count(*)\n  FROM sales s\n  JOIN no_such_table t ON t.id = s.order_id", "no_such_table")]
    [InlineData("SELECT nope FROM sales", "nope")]
    [InlineData("-- a long first line: " + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n"
        + "SELECT order_id, quantity, unit_price, line_total, currency, item_name, category, country, quantity * unit_price AS total, missing_here FROM sales", "missing_here")]
    public async Task An_unknown_name_is_invalid_with_the_position_of_the_name(string sql, string name)
    {
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery(sql)));

        Assert.Equal(QueryRefusal.Invalid, error.Refusal);
        Assert.Contains(name, error.Message);
        Assert.Equal(sql.IndexOf(name, StringComparison.Ordinal), error.Position);
    }

    [Fact]
    public void A_message_without_a_line_has_no_position() =>
        Assert.Null(DuckDbErrors.Position("Binder Error: something went wrong", "SELECT 1"));

    [Fact]
    public void A_shortened_line_is_found_in_the_sql()
    {
        var sql = "SELECT 1,\n" + new string(' ', 4) + string.Join(", ", Enumerable.Range(0, 40).Select(i => $"c{i}")) + ", target FROM t";
        var shown = "LINE 2: ...c38, c39, target FROM t";
        var message = $"Binder Error: Referenced column \"target\" not found\n\n{shown}\n{new string(' ', shown.IndexOf("target", StringComparison.Ordinal))}^";

        Assert.Equal(sql.IndexOf("target", StringComparison.Ordinal), DuckDbErrors.Position(message, sql));
    }
}
