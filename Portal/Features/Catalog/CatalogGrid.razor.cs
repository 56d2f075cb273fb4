using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>
/// The grid's pages: loaded, sorted and filtered by the database, reloaded on demand. Cell edits, row actions and
/// live updates are in CatalogGrid.CellEdits.cs, CatalogGrid.RowActions.cs and CatalogGrid.LiveUpdates.cs.
/// </summary>
public partial class CatalogGrid
{
    public const string CategoriesListId = "catalog-categories";
    private static readonly int[] PageSizes = [10, 25, 50, 100];

    /// <summary>How long editing must have ended before a deferred reload runs (tabbing between cells is not an end).</summary>
    internal static TimeSpan IdleBeforeReload { get; set; } = TimeSpan.FromMilliseconds(400);

    [Inject] private CatalogService Catalog { get; set; } = default!;
    [Inject] private CatalogChangeFeed Feed { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<CatalogGrid> Log { get; set; } = default!;

    [Parameter, EditorRequired] public CatalogFilter Filter { get; set; } = CatalogFilter.Default;
    /// <summary>Who is editing; recorded with every change.</summary>
    [Parameter, EditorRequired] public string UserName { get; set; } = "";
    [Parameter] public HashSet<CatalogItem> SelectedItems { get; set; } = new(ItemIdComparer.Instance);
    [Parameter] public EventCallback<HashSet<CatalogItem>> SelectedItemsChanged { get; set; }
    /// <summary>The sort the grid asked the database for, so the export can use the same order.</summary>
    [Parameter] public EventCallback<(CatalogSort Sort, bool Descending)> SortChanged { get; set; }
    [Parameter] public EventCallback OnClearFilters { get; set; }
    /// <summary>After each load: the rows shown and how many items the filter matches in all.</summary>
    [Parameter] public EventCallback<ShownRows> RowsShown { get; set; }

    private MudDataGrid<CatalogItem>? _grid;
    private CatalogFilter? _loadedFilter;
    private (CatalogSort Sort, bool Descending) _sort = (CatalogSort.Sku, false);
    private string? _loadError;
    private bool _loaded;
    private string? _pendingChangeBy;
    private int _editingCells;
    private int _switchGeneration;
    private bool _disposed;

    /// <summary>This user's changes under way (item ids, or null for "any"), so the feed's echo of them is not a reason to reload.</summary>
    private readonly List<IReadOnlyCollection<int>?> _ownChanges = [];
    /// <summary>This user's last finished changes here, whose events may still be on their way back from the log.</summary>
    private readonly Queue<IReadOnlyCollection<int>?> _ownEchoes = new();
    private const int OwnEchoesKept = 16;

    public bool IsEditing => _editingCells > 0;

    protected override void OnInitialized() => Feed.Changed += OnCatalogChanged;

    protected override async Task OnParametersSetAsync()
    {
        if (_grid is null || _loadedFilter is null || _loadedFilter == Filter) return;
        // A new filter starts on the first page.
        _loadedFilter = Filter;
        if (_grid.CurrentPage != 0) _grid.NavigateTo(Page.First);
        else await _grid.ReloadServerData();
    }

    private async Task<GridData<CatalogItem>> LoadAsync(GridState<CatalogItem> state, CancellationToken cancellationToken)
    {
        var sortBy = state.SortDefinitions.FirstOrDefault();
        var sort = sortBy is not null && Enum.TryParse<CatalogSort>(sortBy.SortBy, out var parsed) ? parsed : CatalogSort.Sku;
        var descending = sortBy?.Descending ?? false;
        if ((sort, descending) != _sort)
        {
            _sort = (sort, descending);
            await SortChanged.InvokeAsync(_sort);
        }

        _loadedFilter = Filter;
        var notices = (_loadError, _pendingChangeBy);
        try
        {
            var page = await Catalog.QueryAsync(Filter.ToQuery(sort, descending, state.Page, state.PageSize), cancellationToken);
            _loadError = null;
            _pendingChangeBy = null;
            _loaded = true;
            await RowsShown.InvokeAsync(new ShownRows(page.Items, page.Total));
            return new GridData<CatalogItem> { Items = page.Items, TotalItems = page.Total };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            Log.LogError(e, "Loading the catalog grid failed");
            _loadError = "The catalog could not be loaded. " + e.Message;
            _loaded = true;
            await RowsShown.InvokeAsync(new ShownRows([], 0));
            return new GridData<CatalogItem> { Items = [], TotalItems = 0 };
        }
        finally
        {
            // The notices above the grid are this component's, not the data grid's, to render.
            if (notices != (_loadError, _pendingChangeBy)) StateHasChanged();
        }
    }

    /// <summary>Loads the current page again (the filter, sort and page stay); the load clears the notices above the grid.</summary>
    public async Task ReloadAsync()
    {
        if (_grid is null || _disposed) return;
        await _grid.ReloadServerData();
    }

    /// <summary>Runs a change of this user's (bulk action, import, ...) and reloads afterwards.</summary>
    public async Task RunOwnChangeAsync(Func<Task> change)
    {
        await RunOwnAsync<bool>(null, async () =>
        {
            await change();
            return true;
        });
        await ReloadAsync();
    }

    private async Task<T> RunOwnAsync<T>(IReadOnlyCollection<int>? ids, Func<Task<T>> change)
    {
        lock (_ownChanges) _ownChanges.Add(ids);
        try
        {
            return await change();
        }
        finally
        {
            lock (_ownChanges)
            {
                _ownChanges.Remove(ids);
                // The change comes back through the event log after it is done: remember it as this user's own for a while.
                _ownEchoes.Enqueue(ids);
                while (_ownEchoes.Count > OwnEchoesKept) _ownEchoes.Dequeue();
            }
        }
    }

    private Task OnSelectionChanged(HashSet<CatalogItem>? items) =>
        SelectedItemsChanged.InvokeAsync(items ?? new HashSet<CatalogItem>(ItemIdComparer.Instance));

    // Archived rows are told apart by their chip and a tinted background, never by fading (that lowers contrast).
    private static string RowClass(CatalogItem item, int _) =>
        $"catalog-row catalog-row-{item.Sku}" + (item.ArchivedAt is not null ? " catalog-row-archived" : "");

    public void Dispose()
    {
        _disposed = true;
        Feed.Changed -= OnCatalogChanged;
    }
}
