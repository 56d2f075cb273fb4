using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

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
            lock (_ownChanges) _ownChanges.Remove(ids);
        }
    }

    private Task OnSelectionChanged(HashSet<CatalogItem>? items) =>
        SelectedItemsChanged.InvokeAsync(items ?? new HashSet<CatalogItem>(ItemIdComparer.Instance));

    // ---- Live updates -------------------------------------------------------------------------

    /// <summary>Called on the thread of whoever changed the catalog (any circuit on this instance).</summary>
    private void OnCatalogChanged(CatalogChanged change)
    {
        if (_disposed || IsOwn(change)) return;
        try
        {
            _ = InvokeAsync(() => OnOthersChangedAsync(change));
        }
        catch (ObjectDisposedException)
        {
            // The circuit is gone.
        }
    }

    private bool IsOwn(CatalogChanged change)
    {
        if (change.ChangedBy != UserName) return false;
        lock (_ownChanges) return _ownChanges.Any(ids => ids is null || change.ItemIds.All(ids.Contains));
    }

    private async Task OnOthersChangedAsync(CatalogChanged change)
    {
        if (_disposed) return;
        if (IsEditing)
        {
            // Reloading now would throw away what the user is typing: do it when they are done.
            _pendingChangeBy = change.ChangedBy;
            StateHasChanged();
            return;
        }
        try
        {
            await ReloadAsync();
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Reloading the catalog grid after a change by {User} failed", change.ChangedBy);
        }
    }

    private void OnEditingChanged(bool editing)
    {
        _editingCells = Math.Max(0, _editingCells + (editing ? 1 : -1));
        if (_editingCells == 0 && _pendingChangeBy is not null) _ = ReloadWhenIdleAsync();
    }

    private async Task ReloadWhenIdleAsync()
    {
        try
        {
            await Task.Delay(IdleBeforeReload);
            await InvokeAsync(async () =>
            {
                if (!_disposed && !IsEditing && _pendingChangeBy is not null) await ReloadAsync();
            });
        }
        catch (Exception e) when (e is ObjectDisposedException or TaskCanceledException)
        {
            // The page was closed meanwhile.
        }
    }

    // ---- Inline edits -------------------------------------------------------------------------

    private static bool IsEditable(CatalogItem item) => item.ArchivedAt is null;

    private static string Text(string value) => value;

    private static (string Value, string? Error) ParseText(string text) => (text.Trim(), null);

    private static (int Value, string? Error) ParseStock(string text) => CatalogFields.ParseWhole(text, "Stock");

    private static (int Value, string? Error) ParseWeight(string text) => CatalogFields.ParseWhole(text, "Weight");

    /// <summary>
    /// Saves one field of a row with the version the row was loaded at. A conflict asks the user:
    /// reapply on top of the current values (as often as needed) or keep the current values.
    /// Returns a message for the field when nothing was saved.
    /// </summary>
    private async Task<string?> SaveAsync(CatalogItem row, CatalogItemPatch patch, string field)
    {
        var seen = row.Snapshot();
        var version = row.Version;
        while (true)
        {
            CatalogResult result;
            try
            {
                result = await RunOwnAsync([row.Id], () => Catalog.UpdateAsync(row.Id, version, patch, UserName));
            }
            catch (Exception e)
            {
                Log.LogError(e, "Saving {Field} of catalog item {Id} failed", field, row.Id);
                Snackbar.Add($"{row.Sku}: {CatalogFields.Label(field)} was not saved: {e.Message}", Severity.Error);
                return "Not saved: the server failed. Try again.";
            }

            switch (result.Outcome)
            {
                case CatalogOutcome.Ok:
                    result.Item!.CopyTo(row);
                    StateHasChanged();
                    Snackbar.Add($"{row.Sku}: {CatalogFields.Label(field)} saved.", Severity.Success);
                    return null;

                case CatalogOutcome.Invalid:
                    var errors = result.Errors ?? new Dictionary<string, string[]>();
                    return errors.TryGetValue(field, out var messages)
                        ? string.Join(" ", messages)
                        : "Not saved: " + string.Join(" ", errors.SelectMany(e => e.Value));

                case CatalogOutcome.NotFound:
                    Snackbar.Add($"{row.Sku} no longer exists.", Severity.Error);
                    _ = InvokeAsync(ReloadAsync);
                    return "This item no longer exists.";

                default:
                    var current = result.Item!;
                    if (await AskConflictAsync(seen, current, patch, wantedStatus: null))
                    {
                        version = current.Version; // reapply the same one-field patch on top of theirs
                        continue;
                    }
                    current.CopyTo(row);
                    StateHasChanged();
                    Snackbar.Add($"{row.Sku}: kept the current values; your change was not saved.", Severity.Info);
                    return null;
            }
        }
    }

    private async Task SaveActiveAsync(CatalogItem row, bool active)
    {
        OnEditingChanged(true);
        try
        {
            var error = await SaveAsync(row, new CatalogItemPatch { IsActive = active }, nameof(CatalogItem.IsActive));
            if (error is not null) Snackbar.Add($"{row.Sku}: {error}", Severity.Error);
        }
        finally
        {
            _switchGeneration++; // the switch shows the stored value again, whatever happened
            OnEditingChanged(false);
        }
    }

    private async Task<bool> AskConflictAsync(CatalogItem seen, CatalogItem current, CatalogItemPatch? patch, string? wantedStatus)
    {
        var parameters = new DialogParameters<ConflictDialog>
        {
            { d => d.ItemId, current.Id },
            { d => d.Sku, current.Sku },
            { d => d.Rows, CatalogFields.ConflictRows(seen, current, patch, wantedStatus) },
        };
        var options = new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = true };
        var dialog = await Dialogs.ShowAsync<ConflictDialog>($"{current.Sku} was changed by someone else", parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false, Data: true };
    }

    // ---- Row actions --------------------------------------------------------------------------

    private const int ThumbnailSize = CatalogPhotos.ThumbnailSize;

    private async Task ShowPhotoAsync(CatalogItem row)
    {
        var parameters = new DialogParameters<PhotoDialog>
        {
            { d => d.Item, row },
            { d => d.UserName, UserName },
        };
        var changed = await RunOwnAsync<bool>([row.Id], async () =>
        {
            var dialog = await Dialogs.ShowAsync<PhotoDialog>($"Photo of {row.Sku}", parameters,
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
            var result = await dialog.Result;
            return result is { Canceled: false };
        });
        if (changed) await ReloadAsync();
    }

    private async Task ShowHistoryAsync(CatalogItem row)
    {
        var parameters = new DialogParameters<ItemHistory>
        {
            { d => d.ItemId, row.Id },
            { d => d.Sku, row.Sku },
            { d => d.Name, row.Name },
        };
        await Dialogs.ShowAsync<ItemHistory>($"History of {row.Sku}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
    }

    private async Task ArchiveAsync(CatalogItem row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"Archive {row.Sku}?",
            $"“{row.Name}” will no longer be offered in the shop or listed here. You can restore it from the Archived view.",
            yesText: "Archive", cancelText: "Cancel");
        if (confirmed == true) await ChangeArchivedAsync(row, archive: true);
    }

    private async Task ChangeArchivedAsync(CatalogItem row, bool archive)
    {
        var verb = archive ? "archived" : "restored";
        var seen = row.Snapshot();
        long version = row.Version;
        while (true)
        {
            CatalogResult result;
            try
            {
                result = await RunOwnAsync([row.Id], () => archive
                    ? Catalog.ArchiveAsync(row.Id, version, UserName)
                    : Catalog.RestoreAsync(row.Id, version, UserName));
            }
            catch (Exception e)
            {
                Log.LogError(e, "Catalog item {Id} could not be {Verb}", row.Id, verb);
                Snackbar.Add($"{row.Sku} was not {verb}: {e.Message}", Severity.Error);
                return;
            }

            switch (result.Outcome)
            {
                case CatalogOutcome.Ok:
                    result.Item!.CopyTo(row);
                    if (archive)
                        Snackbar.Add($"{row.Sku} archived.", Severity.Normal, config =>
                        {
                            config.Action = "Undo";
                            config.ActionColor = Color.Primary;
                            config.OnClick = _ => InvokeAsync(() => ChangeArchivedAsync(row, archive: false));
                        });
                    else
                        Snackbar.Add($"{row.Sku} restored.", Severity.Success);
                    await ReloadAsync();
                    return;

                case CatalogOutcome.Conflict:
                    var current = result.Item!;
                    if (await AskConflictAsync(seen, current, null, archive ? "Archived" : "Restored"))
                    {
                        version = current.Version;
                        continue;
                    }
                    current.CopyTo(row);
                    StateHasChanged();
                    return;

                case CatalogOutcome.NotFound:
                    Snackbar.Add($"{row.Sku} no longer exists.", Severity.Error);
                    await ReloadAsync();
                    return;

                default:
                    Snackbar.Add($"{row.Sku} was not {verb}: " + string.Join(" ", result.Errors?.SelectMany(e => e.Value) ?? []), Severity.Error);
                    return;
            }
        }
    }

    private static string RowStyle(CatalogItem item, int _) => item.ArchivedAt is not null ? "opacity: 0.65" : "";

    private static string RowClass(CatalogItem item, int _) => $"catalog-row catalog-row-{item.Sku}";

    public void Dispose()
    {
        _disposed = true;
        Feed.Changed -= OnCatalogChanged;
    }
}

/// <summary>The rows a grid page shows, and how many items its filter matches in all.</summary>
public sealed record ShownRows(IReadOnlyList<CatalogItem> Items, int Matching);

/// <summary>Rows are the same item when their ids are: selection survives reloads that bring new instances.</summary>
public sealed class ItemIdComparer : IEqualityComparer<CatalogItem>
{
    public static readonly ItemIdComparer Instance = new();

    public bool Equals(CatalogItem? x, CatalogItem? y) => x?.Id == y?.Id;

    public int GetHashCode(CatalogItem obj) => obj.Id.GetHashCode();
}
