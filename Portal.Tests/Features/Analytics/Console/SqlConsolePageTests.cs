using Bunit;
using Microsoft.AspNetCore.Components.Web;
using Portal.Features.Analytics.Console;

namespace Portal.Tests.Features.Analytics.Console;

/// <summary>The console's run cycle over the real DuckDB engine: run, Ctrl+Enter, cancel, errors with their place, the result grid.</summary>
public sealed class SqlConsolePageTests : SqlConsoleTestContext
{
    private const string Lines = "SELECT line_id, item_name, quantity, line_total FROM sales ORDER BY line_id";

    [Fact]
    public async Task The_run_button_runs_the_query_and_shows_the_rows_their_count_and_a_history_entry()
    {
        var page = RenderConsole();
        Assert.Equal(SqlConsolePage.ExampleSql, Editor(page));
        Type(page, Lines);
        Run(page);

        WaitForResult(page);
        Assert.StartsWith("5 rows · ", Text(page, "result-count"));
        Assert.Equal(["line_id", "item_name", "quantity", "line_total"], Texts(page, "[data-testid=result-grid] th"));
        Assert.Equal(["1", "Mug", "2", "25.00"], Texts(page, "[data-testid=result-grid] tbody tr:first-child td"));
        Assert.Empty(page.FindAll("[data-testid=result-truncated]"));

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-entry]")), Patience);
        Assert.Contains("5 rows", Text(page, "history-outcome"));
        var entry = Assert.Single((await HistoryAsync()).Entries);
        Assert.Equal((Lines, 5, (string?)null), (entry.Sql, entry.Rows, entry.Error));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Ctrl_or_Cmd_Enter_in_the_editor_runs_the_query(bool ctrl, bool meta)
    {
        var page = RenderConsole();
        Type(page, "SELECT count(*) AS lines FROM sales");
        page.Find("[data-testid=sql-editor]").KeyDown(new KeyboardEventArgs { Key = "Enter", CtrlKey = ctrl, MetaKey = meta });

        WaitForResult(page);
        Assert.Equal("5", Texts(page, "[data-testid=result-grid] tbody td")[0]);
    }

    [Fact]
    public async Task Typed_text_is_never_rendered_back_over_the_editor_and_a_loaded_query_replaces_it()
    {
        var page = RenderConsole();
        Type(page, "SELECT 12");
        // The browser holds what was typed; rendering it back would let a late render overwrite keys typed since.
        Assert.Equal(SqlConsolePage.ExampleSql, Editor(page));
        Run(page);
        WaitForResult(page);
        Assert.Equal("SELECT 12", Assert.Single((await HistoryAsync()).Entries).Sql);

        Type(page, "SELECT 3");
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=history-load]")), Patience);
        page.Find("[data-testid=history-load]").Click();
        Assert.Equal("SELECT 12", Editor(page));

        // Loading the text the attribute already shows (typed over since) sets it through the script instead.
        Type(page, "SELECT 4");
        page.Find("[data-testid=history-load]").Click();
        page.WaitForAssertion(() => Assert.Equal("SELECT 12", Script.VerifyInvoke("setText").Arguments[1]), Patience);
    }

    [Fact]
    public void Enter_alone_only_types_a_line_break()
    {
        var page = RenderConsole();
        page.Find("[data-testid=sql-editor]").KeyDown(new KeyboardEventArgs { Key = "Enter" });
        Assert.Empty(page.FindAll("[data-testid=console-progress]"));
        Assert.Empty(page.FindAll("[data-testid=result-count]"));
    }

    [Fact]
    public async Task A_long_query_shows_its_progress_and_Cancel_stops_it()
    {
        var page = RenderConsole();
        Type(page, "SELECT sum(hash(a.i * b.i)) FROM range(1000000) a(i), range(1000000) b(i)");
        Run(page);

        page.WaitForElement("[data-testid=console-progress]", Patience);
        page.WaitForAssertion(() => Assert.Matches(@"^Running… \d+\.\d s$", Text(page, "console-elapsed")), Patience);
        Assert.True(page.Find("[data-testid=console-run]").HasAttribute("disabled"));
        page.Find("[data-testid=console-cancel]").Click();

        WaitForError(page);
        Assert.Equal("Cancelled", Text(page, "query-error-title"));
        Assert.Empty(page.FindAll("[data-testid=console-cancel]"));
        page.WaitForAssertion(() => Assert.Contains("Cancelled", Text(page, "history-outcome")), Patience);
        Assert.StartsWith("Cancelled", Assert.Single((await HistoryAsync()).Entries).Error);
    }

    [Fact]
    public void A_syntax_error_shows_its_line_and_column_and_marks_the_text_there()
    {
        var page = RenderConsole();
        Type(page, "SELECT item_name\nFROM sales\nWHERE quantity >> FROM");
        Run(page);

        WaitForError(page);
        Assert.Equal("Syntax error", Text(page, "query-error-title"));
        Assert.Matches(@"^Line 3, column \d+$", Text(page, "query-error-position"));
        Assert.Equal("WHERE quantity >> FROM", Text(page, "query-error-line"));
        var column = int.Parse(Text(page, "query-error-position").Split("column ")[1]);
        var marked = Text(page, "query-error-mark");
        Assert.NotEmpty(marked);
        Assert.StartsWith(marked, "WHERE quantity >> FROM"[(column - 1)..]);
        Assert.Equal("true", page.Find("[data-testid=sql-editor]").GetAttribute("aria-invalid"));

        page.Find("[data-testid=query-error-show]").Click();
        page.WaitForAssertion(() => Script.VerifyInvoke("select"), Patience);
        var select = Script.VerifyInvoke("select");
        var start = "SELECT item_name\nFROM sales\n".Length + column - 1;
        Assert.Equal([start, start + marked.Length], select.Arguments.Skip(1).Cast<int>());
    }

    [Theory]
    [InlineData("DELETE FROM sales", "Only one read-only query can run")]
    [InlineData("SELECT 1; SELECT 2", "Only one read-only query can run")]
    [InlineData("SELECT * FROM salez", "The query cannot run")]
    public void A_refused_query_says_why(string sql, string title)
    {
        var page = RenderConsole();
        Type(page, sql);
        Run(page);

        WaitForError(page);
        Assert.Equal(title, Text(page, "query-error-title"));
        Assert.NotEmpty(Text(page, "query-error-message"));
        Assert.Empty(page.FindAll("[data-testid=result-grid]"));
    }

    [Fact]
    public void A_query_with_no_rows_says_so_under_its_columns()
    {
        var page = RenderConsole();
        Type(page, "SELECT order_id, status FROM sales WHERE quantity > 100");
        Run(page);

        WaitForResult(page);
        Assert.StartsWith("0 rows", Text(page, "result-count"));
        Assert.Equal(["order_id", "status"], Texts(page, "[data-testid=result-grid] th"));
        Assert.Equal("The query returned no rows.", Text(page, "result-empty"));
    }

    [Fact]
    public void The_grid_shows_a_page_at_a_time_and_pages_on()
    {
        var page = RenderConsole();
        Type(page, "SELECT s.line_id * 100 + r.n AS n FROM sales s, range(12) r(n) ORDER BY n");
        Run(page);

        WaitForResult(page);
        Assert.StartsWith("60 rows", Text(page, "result-count"));
        var first = Texts(page, "[data-testid=result-grid] tbody tr");
        Assert.Equal(25, first.Length);
        Assert.Equal(["100", "101"], first[..2]);
        Assert.Contains("1-25 of 60", page.Find(".mud-table-pagination").TextContent);

        page.Find("button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Equal("301", Texts(page, "[data-testid=result-grid] tbody tr")[0]), Patience);
        Assert.Contains("26-50 of 60", page.Find(".mud-table-pagination").TextContent);
    }

    [Fact]
    public void The_schema_browser_lists_tables_columns_and_types_and_puts_a_clicked_name_into_the_editor()
    {
        var page = RenderConsole();
        Assert.Equal("decimal(12,2)", Text(page, "schema-type-sales-line_total"));
        Assert.Equal("string · partition", Text(page, "schema-type-sales-month"));
        Assert.Empty(page.FindAll("[data-testid=schema-type-catalog-month]")); // the catalog is not partitioned
        Assert.Equal(["sales", "orders", "membership", "catalog", "events", "image_embeddings"],
            page.FindAll("[data-testid^=schema-table-]").Select(e => e.GetAttribute("data-testid")!["schema-table-".Length..]));

        Type(page, "SELECT FROM ");
        // The browser says where the caret is: right after SELECT.
        Script.Setup<int[]?>("selection", _ => true).SetResult([7, 7]);
        page.Find("[data-testid=schema-insert-sales-item_name]").Click();
        page.WaitForAssertion(() => Assert.Equal("SELECT item_name FROM ", Editor(page)), Patience);
    }

    [Fact]
    public async Task Text_over_the_maximum_length_is_refused_at_the_field_and_not_run()
    {
        var page = RenderConsole();
        var tooLong = "SELECT 1 AS x -- " + new string('a', MaxSqlLength);
        Type(page, tooLong);

        var message = page.Find("[data-testid=sql-editor-too-long]").TextContent;
        Assert.Contains($"at most {MaxSqlLength:N0}", message);
        Assert.Contains("Analytics:Query:MaxSqlLength", message);
        Assert.Equal("true", page.Find("[data-testid=sql-editor]").GetAttribute("aria-invalid"));
        Run(page);
        Assert.Empty(page.FindAll("[data-testid=console-progress]"));
        Assert.Empty((await HistoryAsync()).Entries);

        Type(page, "SELECT 1 AS x");
        Assert.Empty(page.FindAll("[data-testid=sql-editor-too-long]"));
    }
}
