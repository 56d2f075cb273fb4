using System.Diagnostics;
using Portal.Engine.Analytics.Query;

namespace Portal.Tests.Engine.Analytics.Query.DuckDb;

/// <summary>
/// Cancelling a DuckDB query at any point - before it starts, while it is being set up, just as DuckDB starts it, or
/// mid-query - answers Cancelled promptly, and the engine (its pooled connections) keeps answering afterwards.
/// </summary>
public sealed class DuckDbCancelTests : IAsyncLifetime
{
    private const string LongSql = "SELECT sum(hash(a.i * b.i)) FROM range(1000000) a(i), range(1000000) b(i)";
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(2);
    private DuckDbLake lake = null!;

    public async Task InitializeAsync() => lake = await DuckDbLake.WithSampleAsync(new QueryLimits { Timeout = TimeSpan.FromSeconds(60) });

    public async Task DisposeAsync() => await lake.DisposeAsync();

    [Fact]
    public async Task An_already_cancelled_token_is_refused_at_once()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await AssertCancelledPromptlyAsync(cancel);
        await AssertStillAnswersAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(30)]
    [InlineData(300)]
    public async Task A_cancel_after_the_query_started_stops_it_promptly(int afterMilliseconds)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var cancel = new CancellationTokenSource();
            var run = lake.Engine.RunAsync(new AnalyticsQuery(LongSql), cancel.Token);
            if (afterMilliseconds > 0) await Task.Delay(afterMilliseconds);
            var clock = Stopwatch.StartNew();
            await cancel.CancelAsync();

            var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => run);
            Assert.Equal(QueryRefusal.Cancelled, error.Refusal);
            Assert.True(clock.Elapsed < Prompt, $"cancel after {afterMilliseconds} ms took {clock.Elapsed.TotalMilliseconds:0} ms to answer");
        }
        await AssertStillAnswersAsync();
    }

    [Fact]
    public async Task Cancels_racing_the_start_of_many_queries_never_poison_the_pool()
    {
        for (var i = 0; i < 40; i++)
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(i % 8));
            var clock = Stopwatch.StartNew();
            try
            {
                await lake.Engine.RunAsync(new AnalyticsQuery(i % 2 == 0 ? LongSql : "SELECT count(*) FROM sales"), cancel.Token);
            }
            catch (AnalyticsQueryException e)
            {
                Assert.Equal(QueryRefusal.Cancelled, e.Refusal);
            }
            Assert.True(clock.Elapsed < Prompt + TimeSpan.FromMilliseconds(10), $"query {i} took {clock.Elapsed.TotalMilliseconds:0} ms");
            Assert.Equal(5L, (await lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM sales"))).Rows[0][0]);
        }
    }

    private async Task AssertCancelledPromptlyAsync(CancellationTokenSource cancel)
    {
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AnalyticsQueryException>(() => lake.Engine.RunAsync(new AnalyticsQuery(LongSql), cancel.Token));
        Assert.Equal(QueryRefusal.Cancelled, error.Refusal);
        Assert.True(clock.Elapsed < Prompt, $"took {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    private async Task AssertStillAnswersAsync()
    {
        for (var i = 0; i < 6; i++)
            Assert.Equal(5L, (await lake.Engine.RunAsync(new AnalyticsQuery("SELECT count(*) FROM sales"))).Rows[0][0]);
    }
}
