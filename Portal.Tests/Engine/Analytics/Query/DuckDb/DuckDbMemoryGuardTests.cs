using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>
/// What keeps one analyst's query from taking the portal's memory: the list and string makers refuse huge values
/// before building them, the process's memory has a ceiling at which queries stop, and results have a size limit.
/// </summary>
public sealed class DuckDbMemoryGuardTests
{
    [Fact]
    public async Task List_and_string_makers_work_as_before_within_the_limit()
    {
        await using var lake = await DuckDbLake.WithSampleAsync();

        var result = await lake.Engine.RunAsync(new AnalyticsQuery(
            "SELECT len(generate_series(1, 1000)) AS a, len(range(5)) AS b, len(generate_series(10, 1, -3)) AS c, "
            + "len(generate_series(DATE '2024-01-01', DATE '2024-12-31', INTERVAL 1 DAY)) AS d, len(sequence(1, 10)) AS e, "
            + "repeat('ab', 3) AS f, lpad('7', 3, '0') AS g, len(list_resize([1], 4)) AS h, len(repeat([1, 2], 2)) AS i"));

        Assert.Equal(new object?[] { 1000L, 5L, 4L, 366L, 10L, "ababab", "007", 4L, 4L }, result.Rows.Single());
    }

    [Theory]
    [InlineData("SELECT generate_series(1, 400000000)", "generate_series")]
    [InlineData("SELECT count(*) FROM (SELECT unnest(range(4000000000)))", "range")]
    [InlineData("SELECT generate_series(1, (SELECT 400000000))", "generate_series")]
    [InlineData("SELECT len(sequence(1, 400000000))", "generate_series")]
    [InlineData("SELECT len(generate_series(TIMESTAMP '2020-01-01', TIMESTAMP '2024-01-01', INTERVAL 1 SECOND))", "generate_series")]
    [InlineData("SELECT length(repeat('x', 4000000000))", "repeat")]
    [InlineData("SELECT len(repeat([1, 2, 3], 400000000))", "repeat")]
    [InlineData("SELECT length(lpad('', 2000000000, 'x'))", "lpad")]
    [InlineData("SELECT length(rpad('', 2000000000, 'x'))", "rpad")]
    [InlineData("SELECT len(list_resize([1], 4000000000))", "list_resize")]
    [InlineData("SELECT len(array_resize([1], 4000000000, 0))", "array_resize")]
    public async Task A_huge_list_or_string_is_refused_before_it_is_built(string sql, string function)
    {
        await using var lake = await DuckDbLake.WithSampleAsync();

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery(sql)));

        Assert.Equal(QueryRefusal.TooLarge, error.Refusal);
        Assert.StartsWith($"{function}() would build more than 10,000,000 values", error.Message);
        Assert.Contains("Analytics:DuckDb:MaxGeneratedValues", error.Message);
        Assert.Contains("FROM range(", error.Message);
    }

    [Fact]
    public async Task The_range_table_function_still_streams_any_number_of_rows()
    {
        await using var lake = await DuckDbLake.WithSampleAsync();

        var result = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) AS n FROM range(30000000) t(n)"));

        Assert.Equal(30_000_000L, result.Rows.Single()[0]);
    }

    [Fact]
    public async Task A_query_running_while_the_process_is_past_its_memory_ceiling_is_stopped_and_the_next_small_one_runs()
    {
        // A ceiling the process is always past: the first memory check of a query that runs a while stops it.
        await using var lake = await DuckDbLake.WithSampleAsync(memoryCeiling: "1MB");

        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(
            new AnalyticsQuery("SELECT count(DISTINCT n % 7000000) FROM range(300000000) t(n)")));

        Assert.Equal(QueryRefusal.TooLarge, error.Refusal);
        Assert.Contains("Analytics:DuckDb:ProcessMemoryCeiling", error.Message);
        Assert.StartsWith("The query was stopped: the portal's memory reached", error.Message);
        var next = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT 42 AS answer"));
        Assert.Equal(42, Convert.ToInt32(next.Rows.Single()[0]));
    }

    [Fact]
    public async Task A_result_over_its_byte_limit_is_cut_off_and_says_so()
    {
        await using var lake = await DuckDbLake.WithSampleAsync(new QueryLimits { MaxResultBytes = 20_000 });

        var result = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT n, repeat('x', 1000) AS wide FROM range(100) t(n) ORDER BY n"));

        Assert.True(result.Truncated);
        Assert.InRange(result.Rows.Count, 5, 10); // about 2 KB a row
        Assert.Equal(Enumerable.Range(0, result.Rows.Count).Select(n => (long)n), result.Rows.Select(r => (long)r[0]!));
    }

    [Fact]
    public async Task One_row_larger_than_the_byte_limit_still_comes_back_alone()
    {
        await using var lake = await DuckDbLake.WithSampleAsync(new QueryLimits { MaxResultBytes = 1024 });

        var result = await lake.Engine.RunAsync(new AnalyticsQuery("SELECT repeat('x', 5000) AS wide FROM range(3)"));

        Assert.True(result.Truncated);
        Assert.Equal(5000, ((string)result.Rows.Single()[0]!).Length);
    }
}
