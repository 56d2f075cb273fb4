using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Console;

public sealed class SqliteSqlConsoleStoreTests() : SqlConsoleStoreTests(DatabaseOptions.Sqlite);

public sealed class PostgresSqlConsoleStoreTests() : SqlConsoleStoreTests(DatabaseOptions.Postgres);

/// <summary>Each user's console history and saved queries, on each provider.</summary>
public abstract class SqlConsoleStoreTests(string provider) : ProviderSuite(provider)
{
    private const string Ana = "analyst-ana";
    private const string Bob = "analyst-bob";
    private static readonly IOptions<SqlConsoleOptions> Options = Microsoft.Extensions.Options.Options.Create(new SqlConsoleOptions { HistoryPerUser = 5 });

    private async Task<(QueryHistory History, SavedQueries Saved)> ServicesAsync()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            foreach (var user in new[] { Ana, Bob })
                db.Users.Add(new PortalUser { Id = user, UserName = $"{user}@example.com", Email = $"{user}@example.com" });
            await db.SaveChangesAsync();
        }
        var factory = new TestDbContextFactory(database);
        return (new QueryHistory(factory, Options), new SavedQueries(factory, Options, TimeProvider.System));
    }

    private static QueryHistoryEntry Run(string user, int n, string? error = null) => new()
    {
        UserId = user, Sql = $"SELECT {n}", RanAt = new DateTime(2026, 12, 4, 10, 0, 0, DateTimeKind.Utc).AddSeconds(n), DurationMs = n,
        Rows = error is null ? n : null, Error = error,
    };

    [SkippableFact]
    public async Task History_is_newest_first_a_page_at_a_time_with_rows_or_the_error()
    {
        var (history, _) = await ServicesAsync();
        await history.RecordAsync(Run(Ana, 1));
        await history.RecordAsync(Run(Ana, 2, "Syntax error: near FORM"));
        await history.RecordAsync(Run(Ana, 3));

        var first = await history.PageAsync(Ana, 0, 2);
        var second = await history.PageAsync(Ana, 1, 2);

        Assert.Equal(3, first.Total);
        Assert.Equal(["SELECT 3", "SELECT 2"], first.Entries.Select(e => e.Sql));
        Assert.Equal(["SELECT 1"], second.Entries.Select(e => e.Sql));
        Assert.Null(first.Entries[1].Rows);
        Assert.Equal("Syntax error: near FORM", first.Entries[1].Error);
        Assert.Equal(3, first.Entries[0].Rows);
        Assert.Equal(new DateTime(2026, 12, 4, 10, 0, 3), first.Entries[0].RanAt);
    }

    [SkippableFact]
    public async Task History_keeps_each_users_newest_runs_up_to_the_cap()
    {
        var (history, _) = await ServicesAsync();
        await history.RecordAsync(Run(Bob, 100));
        for (var n = 1; n <= 8; n++) await history.RecordAsync(Run(Ana, n));

        var ana = await history.PageAsync(Ana, 0, 50);
        Assert.Equal(5, ana.Total);
        Assert.Equal(["SELECT 8", "SELECT 7", "SELECT 6", "SELECT 5", "SELECT 4"], ana.Entries.Select(e => e.Sql));
        Assert.Equal(["SELECT 100"], (await history.PageAsync(Bob, 0, 50)).Entries.Select(e => e.Sql));
    }

    [SkippableFact]
    public async Task A_saved_querys_name_is_checked_at_the_field()
    {
        var (_, saved) = await ServicesAsync();
        Assert.True((await saved.SaveAsync(Ana, "  Revenue by month ", "SELECT 1")).Succeeded);

        Assert.Equal("Give the query a name.", (await saved.SaveAsync(Ana, "   ", "SELECT 1")).NameError);
        Assert.Contains("at most 80", (await saved.SaveAsync(Ana, new string('x', 81), "SELECT 1")).NameError);
        Assert.True((await saved.SaveAsync(Ana, new string('x', 80), "SELECT 1")).Succeeded);
        Assert.Contains("control character", (await saved.SaveAsync(Ana, "tab\there", "SELECT 1")).NameError);
        Assert.Contains("already have a query named", (await saved.SaveAsync(Ana, "REVENUE BY MONTH", "SELECT 2")).NameError);
        Assert.Equal("Write the query to save first.", (await saved.SaveAsync(Ana, "Empty", "  ")).SqlError);
        // Names are unique per user only.
        Assert.True((await saved.SaveAsync(Bob, "Revenue by month", "SELECT 3")).Succeeded);

        var names = (await saved.ListAsync(Ana)).Select(q => q.Name).ToArray();
        Assert.Equal(["Revenue by month", new string('x', 80)], names);
    }

    [SkippableFact]
    public async Task Rename_and_delete_change_only_the_users_own_queries()
    {
        var (_, saved) = await ServicesAsync();
        var revenue = (await saved.SaveAsync(Ana, "Revenue", "SELECT 1")).Query!;
        await saved.SaveAsync(Ana, "Tiers", "SELECT 2");
        var bobs = (await saved.SaveAsync(Bob, "Bob's", "SELECT 3")).Query!;

        Assert.Contains("already have a query named", (await saved.RenameAsync(Ana, revenue.Id, "tiers")).NameError);
        Assert.True((await saved.RenameAsync(Ana, revenue.Id, "REVENUE")).Succeeded); // its own name, in other case
        Assert.True((await saved.RenameAsync(Ana, revenue.Id, "Revenue per day")).Succeeded);
        Assert.Contains("no longer exists", (await saved.RenameAsync(Ana, bobs.Id, "Mine now")).NameError);
        Assert.False(await saved.DeleteAsync(Ana, bobs.Id));
        Assert.True(await saved.DeleteAsync(Ana, revenue.Id));
        Assert.False(await saved.DeleteAsync(Ana, revenue.Id));

        Assert.Equal(["Tiers"], (await saved.ListAsync(Ana)).Select(q => q.Name));
        Assert.Equal(["Bob's"], (await saved.ListAsync(Bob)).Select(q => q.Name));
    }

    [SkippableFact]
    public async Task The_unique_index_refuses_a_second_query_of_the_same_name_saved_past_the_check()
    {
        var (_, saved) = await ServicesAsync();
        await saved.SaveAsync(Ana, "Revenue", "SELECT 1");
        // As if another tab saved between this one's check and its insert.
        await using var db = (await DatabaseAsync()).NewContext();
        db.SavedQueries.Add(new SavedQuery { UserId = Ana, Name = "Revenue", Sql = "SELECT 2" });
        var refused = await Assert.ThrowsAnyAsync<Microsoft.EntityFrameworkCore.DbUpdateException>(() => db.SaveChangesAsync());
        Assert.True(UniqueViolation.Is(refused));
    }
}
