using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Query;
using Portal.Features.Storefront;

namespace Portal.Features.Analytics.Console;

public partial class SqlConsolePage
{
    /// <summary>What a first visit starts with.</summary>
    public const string ExampleSql = "SELECT category, count(*) AS lines, sum(line_total) AS revenue\nFROM sales\nGROUP BY category\nORDER BY revenue DESC";

    [Inject] private SqlConsole Console { get; set; } = default!;
    [Inject] private ILogger<SqlConsolePage> Logger { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<QueryOptions> QueryOptions { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _userId = "";
    private string _sql = ExampleSql;
    private IReadOnlyList<LakeTable>? _tables;
    private string? _tablesError;
    private SqlEditor? _editor;
    private QueryHistoryList? _history;
    private ConsoleRun? _run;
    private bool _running;
    private CancellationTokenSource? _cancel;
    private readonly Stopwatch _watch = new();

    private int MaxSqlLength => QueryOptions.Value.Query.MaxSqlLength;

    private string Elapsed => $"{_watch.Elapsed.TotalSeconds:0.0} s";

    protected override async Task OnInitializedAsync()
    {
        _userId = ShopUser.IdOf((await AuthenticationState).User) ?? "";
        try
        {
            _tables = await Console.TablesAsync();
        }
        catch (AnalyticsQueryException e)
        {
            _tablesError = e.Message;
        }
        catch (Exception e)
        {
            Logger.LogError(e, "The SQL console could not list the lake's tables");
            _tablesError = "The tables could not be listed; the query engine may be unavailable.";
        }
    }

    private async Task RunAsync()
    {
        if (_running || _sql.Length > MaxSqlLength) return; // the editor says why, at the field
        _running = true;
        _cancel = new CancellationTokenSource();
        _watch.Restart();
        var ticking = TickAsync(_cancel.Token);
        try
        {
            var sql = _sql;
            var token = _cancel.Token;
            // Off the circuit's thread, so Cancel and the elapsed time stay live whatever the engine does.
            _run = await Task.Run(() => Console.RunAsync(_userId, sql, token), CancellationToken.None);
        }
        finally
        {
            _running = false;
            _watch.Stop();
            _cancel.Cancel();
            await ticking;
            _cancel.Dispose();
            _cancel = null;
        }
        if (_history is not null) await _history.ReloadAsync();
    }

    // Redraws the elapsed time while the query runs.
    private async Task TickAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        try
        {
            while (await timer.WaitForNextTickAsync(stop)) await InvokeAsync(StateHasChanged);
        }
        catch (OperationCanceledException) { }
    }

    private void Cancel() => _cancel?.Cancel();

    private async Task InsertAsync(string name)
    {
        if (_editor is not null) await _editor.InsertAsync(name);
    }

    private void Load(string sql)
    {
        _sql = sql;
        _run = null;
    }

    private async Task ShowErrorAsync((int Start, int End) range)
    {
        if (_editor is not null && _run?.Sql == _sql) await _editor.SelectAsync(range.Start, range.End);
    }

    public ValueTask DisposeAsync()
    {
        try { _cancel?.Cancel(); }
        catch (ObjectDisposedException) { } // the run had just finished
        return ValueTask.CompletedTask;
    }
}
