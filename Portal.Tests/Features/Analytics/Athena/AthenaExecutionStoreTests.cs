using Microsoft.EntityFrameworkCore;
using Portal.Engine.Analytics.Athena;
using Portal.Engine.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Athena;

public sealed class SqliteAthenaExecutionStoreTests() : AthenaExecutionStoreTests(DatabaseOptions.Sqlite);

public sealed class PostgresAthenaExecutionStoreTests() : AthenaExecutionStoreTests(DatabaseOptions.Postgres);

/// <summary>Query executions in the database: idempotent starts, per-user visibility, newest-first paging, claims and stops between instances.</summary>
public abstract class AthenaExecutionStoreTests(string provider) : ProviderSuite(provider)
{
    private static readonly S3Location Output = new("portal-lake", "athena-results/");

    private static AthenaStartRequest Start(string user, string sql, string? token = null) =>
        new(user, sql, token, "portal", "AwsDataCatalog", "primary", Output);

    private async Task<AthenaExecutionStore> StoreAsync() => new(new TestDbContextFactory(await DatabaseAsync()), TimeProvider.System);

    [SkippableFact]
    public async Task The_same_token_and_request_answer_the_same_execution_and_a_different_query_is_refused()
    {
        var store = await StoreAsync();
        var token = new string('t', 40);
        var (first, execution) = await store.StartAsync(Start("u1", "SELECT 1", token));
        var (again, replayed) = await store.StartAsync(Start("u1", "SELECT 1", token));
        var (other, _) = await store.StartAsync(Start("u1", "SELECT 2", token));
        var (anotherUser, theirs) = await store.StartAsync(Start("u2", "SELECT 1", token));

        Assert.Equal(AthenaStartOutcome.Started, first);
        Assert.Equal(AthenaStartOutcome.Replayed, again);
        Assert.Equal(execution.Id, replayed.Id);
        Assert.Equal(AthenaStartOutcome.TokenMismatch, other);
        Assert.Equal(AthenaStartOutcome.Started, anotherUser);
        Assert.NotEqual(execution.Id, theirs.Id);
    }

    [SkippableFact]
    public async Task Concurrent_starts_with_one_token_make_one_execution()
    {
        var store = await StoreAsync();
        var token = Guid.NewGuid().ToString();
        var starts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => store.StartAsync(Start("u1", "SELECT 1", token)))));

        Assert.Single(starts.Select(s => s.Execution.Id).Distinct());
        Assert.Single(starts, s => s.Outcome == AthenaStartOutcome.Started);
    }

    [SkippableFact]
    public async Task An_analyst_sees_and_stops_only_their_own_executions()
    {
        var store = await StoreAsync();
        var (_, mine) = await store.StartAsync(Start("u1", "SELECT 1"));

        Assert.Null(await store.FindAsync("u2", mine.Id));
        Assert.False(await store.StopAsync("u2", mine.Id));
        Assert.Empty((await store.ListAsync("u2", "primary", null, 50)).Executions);
        Assert.Empty(await store.FindManyAsync("u2", [mine.Id]));
        Assert.Equal(AthenaQueryState.Queued, (await store.FindAsync("u1", mine.Id))!.State);
    }

    [SkippableFact]
    public async Task Executions_list_newest_first_in_pages()
    {
        var store = await StoreAsync();
        var ids = new List<string>();
        for (var i = 0; i < 7; i++) ids.Add((await store.StartAsync(Start("lister", $"SELECT {i}"))).Execution.Id);

        var listed = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await store.ListAsync("lister", "primary", token, 3);
            listed.AddRange(page.Executions.Select(e => e.Id));
            token = page.NextToken;
            pages++;
        } while (token is not null);

        Assert.Equal(3, pages);
        Assert.Equal(7, listed.Count);
        Assert.Equal(ids.ToHashSet(), listed.ToHashSet());
        await using var db = (await DatabaseAsync()).NewContext();
        var submitted = await db.AthenaQueryExecutions.Where(e => e.UserId == "lister").ToDictionaryAsync(e => e.Id, e => e.SubmittedAt);
        Assert.Equal(listed.Select(id => submitted[id]).OrderByDescending(t => t), listed.Select(id => submitted[id]));
    }

    [SkippableFact]
    public async Task A_stop_reaches_the_runner_that_claimed_the_query_and_its_late_success_does_not_undo_it()
    {
        var store = await StoreAsync();
        var (_, execution) = await store.StartAsync(Start("u1", "SELECT 1"));
        var claimed = await store.ClaimNextAsync("instance-a");
        Assert.Equal(execution.Id, claimed!.Id);
        Assert.Null(await store.ClaimNextAsync("instance-b"));
        Assert.Empty(await store.HeartbeatAsync("instance-a", [execution.Id]));

        Assert.True(await store.StopAsync("u1", execution.Id)); // sent to another instance: only the row changes

        Assert.Equal([execution.Id], await store.HeartbeatAsync("instance-a", [execution.Id]));
        Assert.False(await store.SucceedAsync(execution.Id, 1, 0, 5, null));
        var stopped = await store.FindAsync("u1", execution.Id);
        Assert.Equal(AthenaQueryState.Cancelled, stopped!.State);
        Assert.NotNull(stopped.CompletedAt);
        Assert.True(await store.StopAsync("u1", execution.Id)); // stopping a finished query is not an error, and changes nothing
    }

    [SkippableFact]
    public async Task A_running_query_whose_instance_stopped_reporting_is_failed()
    {
        var store = await StoreAsync();
        var (_, execution) = await store.StartAsync(Start("u1", "SELECT 1"));
        await store.ClaimNextAsync("gone");
        await using (var db = (await DatabaseAsync()).NewContext())
            await db.AthenaQueryExecutions.Where(e => e.Id == execution.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.HeartbeatAt, DateTime.UtcNow.AddMinutes(-10)));

        Assert.Equal(1, await store.FailAbandonedAsync(TimeSpan.FromMinutes(2)));
        var failed = await store.FindAsync("u1", execution.Id);
        Assert.Equal(AthenaQueryState.Failed, failed!.State);
        Assert.Contains("stopped", failed.StateChangeReason);
    }
}
