using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>
/// Cancelling a DuckDB query at any point - before it starts, while it is being set up, just as DuckDB starts it, or
/// mid-query - ends it as Cancelled, and the engine (its pooled connections) keeps answering afterwards.
/// </summary>
/// <remarks>
/// No stopwatch bound on how fast: the long query runs for hours, so a cancel that got lost (the race these tests look
/// for) shows as a query still running after <see cref="Liveness"/>, a minute no cancelled query needs even on a
/// machine busy with other builds (the slowest seen took 4.4 s).
/// </remarks>
public sealed class DuckDbCancelTests : IAsyncLifetime
{
    private const string LongSql = "SELECT sum(hash(a.i * b.i)) FROM range(1000000) a(i), range(1000000) b(i)";
    private static readonly TimeSpan Liveness = TimeSpan.FromSeconds(60);
    private DuckDbLake lake = null!;

    public async Task InitializeAsync() => lake = await DuckDbLake.WithSampleAsync(new QueryLimits { Timeout = TimeSpan.FromMinutes(10) });

    public async Task DisposeAsync() => await lake.DisposeAsync();

    [Fact]
    public async Task An_already_cancelled_token_is_refused_at_once()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await AssertCancelledAsync(lake.Engine.RunAsync(new AnalyticsQuery(LongSql), cancel.Token));
        await AssertStillAnswersAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(300)]
    public async Task A_cancel_after_the_query_started_stops_it(int afterMilliseconds)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var cancel = new CancellationTokenSource();
            var run = lake.Engine.RunAsync(new AnalyticsQuery(LongSql), cancel.Token);
            if (afterMilliseconds > 0) await Task.Delay(afterMilliseconds);
            await cancel.CancelAsync();

            await AssertCancelledAsync(run);
        }
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task Cancels_racing_the_start_of_many_queries_never_poison_the_pool()
    {
        for (var i = 0; i < 40; i++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(i % 8));
            if (i % 2 == 0)
            {
                await AssertCancelledAsync(lake.Engine.RunAsync(new AnalyticsQuery(LongSql), cancel.Token));
            }
            else
            {
                // A short query may finish before its cancel fires; either way it ends, and as nothing else.
                try { await lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM sales"), cancel.Token); }
                catch (AnalyticsQueryException e) { Assert.Equal(QueryRefusal.Cancelled, e.Refusal); }
            }
            Assert.Equal(5L, (await lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM sales"))).Rows[0][0]);
        }
    }

    private static async Task AssertCancelledAsync(Task<QueryResult> run)
    {
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => run.WaitAsync(Liveness));
        Assert.Equal(QueryRefusal.Cancelled, error.Refusal);
    }

    private async Task AssertStillAnswersAsync()
    {
        for (var i = 0; i < 6; i++)
            Assert.Equal(5L, (await lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM sales"))).Rows[0][0]);
    }
}
