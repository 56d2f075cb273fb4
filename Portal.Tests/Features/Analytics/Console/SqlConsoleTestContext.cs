using Microsoft.AspNetCore.Components;
using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Features.Analytics.Console;
using Portal.Tests.Engine.Analytics.Query.DuckDb;
using Portal.Tests.Features.Storefront;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Features.Analytics.Console;

/// <summary>
/// The SQL console page as an analyst sees it, over the real DuckDB engine on a small real lake (<c>LakeSample</c>:
/// 5 order lines) and a real SQLite database for the history and saved queries.
/// </summary>
// One class at a time: the cancel test's query keeps both cores busy until it is cancelled.
[Collection(nameof(SqlConsoleTestContext))]
public abstract class SqlConsoleTestContext : BunitContext, IAsyncLifetime
{
    protected const int MaxSqlLength = 2_000;
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(30); // an upper bound for a loaded machine, not a timing check

    protected SqliteTestDatabase Database { get; } = new();
    protected string UserId { get; } = $"analyst-{Guid.NewGuid():N}";
    protected DuckDbLake Lake { get; private set; } = default!;
    protected BunitJSModuleInterop Script { get; }

    protected SqlConsoleTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Script = JSInterop.SetupModule("./js/sql-console.js");
        Script.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(Database));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSqlConsole(new ConfigurationBuilder().Build());
        Services.Configure<QueryOptions>(o => o.Query.MaxSqlLength = MaxSqlLength);
        Services.AddSingleton<IAnalyticsQueryEngine>(_ => Lake.Engine);
        var auth = AddAuthorization();
        auth.SetAuthorized("analyst@portal.local");
        auth.SetRoles(Roles.Analyst);
        auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, UserId));
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    /// <summary>The lake the engine reads; the sample by default.</summary>
    protected virtual Task<DuckDbLake> LakeAsync() => DuckDbLake.WithSampleAsync();

    public async Task InitializeAsync()
    {
        Lake = await LakeAsync();
        await Database.MigrateAsync();
        await using var db = Database.NewContext();
        db.Users.Add(new PortalUser { Id = UserId, UserName = "analyst@portal.local", Email = "analyst@portal.local" });
        await db.SaveChangesAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Lake.DisposeAsync();
        await Database.DisposeAsync();
    }

    protected IRenderedComponent<PageHost> RenderConsole()
    {
        var page = Render<PageHost>(host => host.AddChildContent<SqlConsolePage>());
        try
        {
            page.WaitForElement("[data-testid=schema-table-sales]", Patience);
            page.WaitForElement("[data-testid=history-empty], [data-testid=history-entry]", Patience);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException("The console did not load: " + page.Markup[..Math.Min(3000, page.Markup.Length)], e);
        }
        return page;
    }

    protected static void Type(IRenderedComponent<PageHost> page, string sql) => page.Find("[data-testid=sql-editor]").Input(sql);

    protected static string Editor(IRenderedComponent<PageHost> page) => page.Find("[data-testid=sql-editor]").GetAttribute("value") ?? "";

    protected static void Run(IRenderedComponent<PageHost> page) => page.Find("[data-testid=console-run]").Click();

    protected static void WaitForResult(IRenderedComponent<PageHost> page) => page.WaitForElement("[data-testid=result-count]", Patience);

    protected static void WaitForError(IRenderedComponent<PageHost> page) => page.WaitForElement("[data-testid=query-error]", Patience);

    protected static string Text(IRenderedComponent<PageHost> page, string testId) => page.Find($"[data-testid={testId}]").TextContent.Trim();

    protected static string[] Texts(IRenderedComponent<PageHost> page, string selector) =>
        page.FindAll(selector).Select(e => System.Text.RegularExpressions.Regex.Replace(e.TextContent, @"\s+", " ").Trim()).ToArray();

    /// <summary>The error MudBlazor shows under the input <paramref name="testId"/>, or "" when there is none.</summary>
    protected static string FieldError(IRenderedComponent<PageHost> page, string testId) =>
        page.Find($"input[data-testid={testId}]").Closest(".mud-input-control")?.QuerySelector(".mud-input-helper-text.mud-input-error")?.TextContent.Trim() ?? "";

    protected async Task<QueryHistoryPage> HistoryAsync() =>
        await new QueryHistory(new TestDbContextFactory(Database), Microsoft.Extensions.Options.Options.Create(new SqlConsoleOptions())).PageAsync(UserId, 0, 100);
}
