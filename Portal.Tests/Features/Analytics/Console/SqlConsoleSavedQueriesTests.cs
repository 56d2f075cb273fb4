using Bunit;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Console;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Console;

/// <summary>The console's history and saved queries: listed, paged, loaded into the editor; names checked at the field.</summary>
public sealed class SqlConsoleSavedQueriesTests : SqlConsoleTestContext
{
    private SavedQueries Saved => new(new TestDbContextFactory(Database), Options.Create(new SqlConsoleOptions()), TimeProvider.System);

    [Fact]
    public void Without_runs_or_saved_queries_both_lists_say_so()
    {
        var page = RenderConsole();
        Assert.Contains("No queries run yet", Text(page, "history-empty"));
        Assert.Equal("No saved queries yet.", Text(page, "saved-empty"));
    }

    [Fact]
    public async Task The_history_is_newest_first_paged_and_a_click_loads_a_run_into_the_editor()
    {
        var history = new QueryHistory(new TestDbContextFactory(Database), Options.Create(new SqlConsoleOptions()));
        for (var n = 1; n <= 12; n++)
            await history.RecordAsync(new QueryHistoryEntry { UserId = UserId, Sql = $"SELECT {n}", RanAt = DateTime.UtcNow, DurationMs = 3, Rows = 1 });
        var page = RenderConsole();

        var sqls = Texts(page, "[data-testid=history-load]");
        Assert.Equal(10, sqls.Length);
        Assert.Equal(["SELECT 12", "SELECT 11"], sqls[..2]);
        page.Find("[data-testid=history-pages] button[aria-label='Page 2']").Click();
        page.WaitForAssertion(() => Assert.Equal(["SELECT 2", "SELECT 1"], Texts(page, "[data-testid=history-load]")), Patience);

        page.FindAll("[data-testid=history-load]")[1].Click();
        Assert.Equal("SELECT 1", Editor(page));
    }

    [Fact]
    public async Task A_query_is_saved_under_a_name_and_loads_back_into_the_editor()
    {
        var page = RenderConsole();
        Type(page, "SELECT category, sum(line_total) FROM sales GROUP BY 1");
        page.Find("input[data-testid=saved-name]").Input("Revenue by category");
        page.Find("[data-testid=saved-save]").Click();

        page.WaitForAssertion(() => Assert.Equal(["Revenue by category"], Texts(page, "[data-testid=saved-load]")), Patience);
        Assert.Equal("", page.Find("input[data-testid=saved-name]").GetAttribute("value") ?? "");
        Assert.Equal("SELECT category, sum(line_total) FROM sales GROUP BY 1", Assert.Single(await Saved.ListAsync(UserId)).Sql);

        Type(page, "SELECT 1");
        page.Find("[data-testid=saved-load]").Click();
        Assert.Equal("SELECT category, sum(line_total) FROM sales GROUP BY 1", Editor(page));
    }

    [Theory]
    [InlineData("   ", "Give the query a name.")]
    [InlineData("revenue", "You already have a query named “revenue”; choose another name.")]
    public async Task A_name_that_does_not_do_is_refused_at_the_field(string name, string message)
    {
        await Saved.SaveAsync(UserId, "Revenue", "SELECT 1");
        var page = RenderConsole();
        page.Find("input[data-testid=saved-name]").Input(name);
        page.Find("[data-testid=saved-save]").Click();

        page.WaitForAssertion(() => Assert.Equal(message, FieldError(page, "saved-name")), Patience);
        Assert.Single(await Saved.ListAsync(UserId));
    }

    [Fact]
    public async Task A_saved_query_is_renamed_with_its_name_checked_and_deleted_after_confirmation()
    {
        await Saved.SaveAsync(UserId, "Revenue", "SELECT 1");
        await Saved.SaveAsync(UserId, "Tiers", "SELECT 2");
        var page = RenderConsole();

        page.FindAll("[data-testid=saved-rename]")[0].Click();
        page.Find("input[data-testid=saved-rename-name]").Input("tiers");
        page.Find("[data-testid=saved-rename-save]").Click();
        page.WaitForAssertion(() => Assert.Contains("already have a query named", FieldError(page, "saved-rename-name")), Patience);
        page.Find("input[data-testid=saved-rename-name]").Input("Revenue per day");
        page.Find("[data-testid=saved-rename-save]").Click();
        page.WaitForAssertion(() => Assert.Equal(["Revenue per day", "Tiers"], Texts(page, "[data-testid=saved-load]")), Patience);

        page.FindAll("[data-testid=saved-delete]")[1].Click();
        page.Find("[data-testid=saved-delete-cancel]").Click();
        Assert.Equal(2, (await Saved.ListAsync(UserId)).Count);
        page.FindAll("[data-testid=saved-delete]")[1].Click();
        page.Find("[data-testid=saved-delete-confirm]").Click();
        page.WaitForAssertion(() => Assert.Equal(["Revenue per day"], Texts(page, "[data-testid=saved-load]")), Patience);
        Assert.Equal(["Revenue per day"], (await Saved.ListAsync(UserId)).Select(q => q.Name));
    }
}
