using Portal.Components;
using Microsoft.AspNetCore.Components;
using Portal.Engine.Analytics.Console;

namespace Portal.Features.Analytics.Console;

public partial class QueryHistoryList
{
    public const int PageSize = 10;

    [Inject] private QueryHistory History { get; set; } = default!;

    /// <summary>Whose history.</summary>
    [Parameter, EditorRequired] public string UserId { get; set; } = "";
    /// <summary>A run was clicked: its SQL.</summary>
    [Parameter] public EventCallback<string> OnLoad { get; set; }

    private QueryHistoryPage? _page;
    private int _pageIndex;

    private int PageCount => _page is null ? 0 : (_page.Total + PageSize - 1) / PageSize;

    protected override Task OnInitializedAsync() => LoadAsync();

    /// <summary>Shows the first page again (after a run was added).</summary>
    public async Task ReloadAsync()
    {
        _pageIndex = 0;
        await LoadAsync();
        StateHasChanged();
    }

    private async Task PageAsync(int page)
    {
        _pageIndex = page - 1;
        await LoadAsync();
    }

    private async Task LoadAsync() => _page = await History.PageAsync(UserId, _pageIndex, PageSize);

    /// <summary>The SQL on one line, shortened.</summary>
    internal static string Preview(string sql)
    {
        var line = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 120 ? line : line[..119] + "…";
    }

    private static string Duration(long milliseconds) => milliseconds < 1000 ? $"{milliseconds} ms" : $"{milliseconds / 1000.0:0.0} s";

    private static string Outcome(QueryHistoryEntry entry) =>
        entry.Error is { } error ? error
        : $"{Formats.Count(entry.Rows ?? 0)} {(entry.Rows == 1 ? "row" : "rows")}{(entry.Truncated ? " (truncated)" : "")}";
}
