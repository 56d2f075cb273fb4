using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Components;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

public partial class CatalogPage
{
    [Inject] private CatalogService Catalog { get; set; } = default!;
    [Inject] private CatalogBulkActions Bulk { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private ILogger<CatalogPage> Log { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private CatalogGrid? _grid;
    private CatalogFilter _filter = CatalogFilter.Default;
    private (CatalogSort Sort, bool Descending) _sort = (CatalogSort.Sku, false);
    private readonly BulkSelection _selection = new();
    private IReadOnlyList<string> _categories = [];
    private string _userName = "";
    private bool _busy;
    private string? _busyText;
    private BulkProgress? _progress;

    private string ExportUrl => _filter.ExportUrl(_sort.Sort, _sort.Descending);

    protected override async Task OnInitializedAsync()
    {
        if (AuthenticationState is not null)
            _userName = (await AuthenticationState).User.Identity?.Name ?? "";
        await LoadCategoriesAsync();
    }

    private async Task LoadCategoriesAsync()
    {
        try
        {
            _categories = await Catalog.CategoriesAsync();
        }
        catch (Exception e)
        {
            Log.LogWarning(e, "Loading the catalog categories failed");
        }
    }

    private void OnFilterChanged(CatalogFilter filter)
    {
        if (filter == _filter) return;
        _filter = filter;
        _selection.Clear();
    }

    private void OnSortChanged((CatalogSort Sort, bool Descending) sort) => _sort = sort;

    private async Task CreateAsync()
    {
        var parameters = new DialogParameters<CatalogItemDialog>
        {
            { d => d.Categories, _categories },
            { d => d.UserName, _userName },
        };
        var dialog = await Dialogs.ShowAsync<CatalogItemDialog>("New catalog item", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: CatalogItem created })
        {
            Snackbar.Add($"{created.Sku} created.", Severity.Success);
            await LoadCategoriesAsync();
            if (_grid is not null) await _grid.ReloadAsync();
        }
    }

    private async Task ImportAsync()
    {
        var parameters = new DialogParameters<ImportDialog>
        {
            { d => d.UserName, _userName },
            { d => d.ExportUrl, CatalogFilter.Default.ExportUrl(CatalogSort.Sku, false) },
        };
        var dialog = await Dialogs.ShowAsync<ImportDialog>("Import items from CSV", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, BackdropClick = false });
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: ImportOutcome outcome })
        {
            Snackbar.Add($"Import applied: {outcome.Created} created, {outcome.Updated} updated, {outcome.Unchanged} unchanged"
                + (outcome.Skipped > 0 ? $"; {outcome.Skipped} row{(outcome.Skipped == 1 ? "" : "s")} with errors skipped." : "."), Severity.Success);
            await LoadCategoriesAsync();
            if (_grid is not null) await _grid.ReloadAsync();
        }
    }

    private async Task SetActiveAsync(bool active)
    {
        if (_grid is null || _selection.Count == 0) return;
        var verb = active ? "activated" : "deactivated";
        var confirmed = _selection.Count;
        if (_selection.AllMatching && !await ConfirmAllMatchingAsync(active ? "Activate" : "Deactivate", confirmed)) return;
        var target = _selection.Target(_filter);
        _busy = true;
        _busyText = active ? "Activating…" : "Deactivating…";
        _progress = null;
        try
        {
            BulkChangeResult? result = null;
            await _grid.RunOwnChangeAsync(async () => result = await Bulk.SetActiveAsync(target, active, _userName, ShowProgress()));
            if (result is not { Succeeded: true })
            {
                Snackbar.Add("Nothing was changed: " + result?.Error, Severity.Error);
                return;
            }
            var unchanged = result.Matched - result.Changed;
            var message = result.Changed == 0
                ? $"Nothing to do: the selected items were already {(active ? "active" : "inactive")}."
                : $"{Formats.Count(result.Changed)} item{(result.Changed == 1 ? "" : "s")} {verb}" + (unchanged > 0 ? $" ({Formats.Count(unchanged)} already were)." : ".");
            if (result.Skipped > 0)
                message += $" {Formats.Count(result.Skipped)} ticked item{(result.Skipped == 1 ? " was" : "s were")} left out: archived items are not changed in bulk.";
            if (target.Filter is not null && result.Matched != confirmed)
                message += $" The filter matched {Formats.Count(result.Matched)} items by then, not {Formats.Count(confirmed)}.";
            Snackbar.Add(message, result.Changed == 0 ? Severity.Info : Severity.Success);
        }
        catch (Exception e)
        {
            Log.LogError(e, "Bulk activate/deactivate failed");
            Snackbar.Add("Nothing was changed: " + e.Message, Severity.Error);
        }
        finally
        {
            (_busy, _busyText, _progress) = (false, null, null);
        }
    }

    /// <summary>Items beyond this page are not in view, so an action on all of them says how many first.</summary>
    private async Task<bool> ConfirmAllMatchingAsync(string action, int count)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            $"{action} {Formats.Count(count)} items?",
            $"This changes every item matching the current filter: {Formats.Count(count)} items, not only the {Formats.Count(_selection.ShownCount)} on this page. Each change is recorded in the item's history.",
            yesText: $"{action} {Formats.Count(count)} items", cancelText: "Cancel");
        return confirmed == true;
    }

    private IProgress<BulkProgress> ShowProgress() => new Progress<BulkProgress>(progress => _ = InvokeAsync(() =>
    {
        if (!_busy) return;
        _progress = progress;
        StateHasChanged();
    }));

    private async Task ChangePriceAsync()
    {
        if (_grid is null || _selection.Count == 0) return;
        var parameters = new DialogParameters<PriceChangeDialog>
        {
            { d => d.Selection, _selection.Target(_filter) },
            { d => d.Count, _selection.Count },
            { d => d.AllMatching, _selection.AllMatching },
            { d => d.UserName, _userName },
        };
        PriceChangeOutcome? outcome = null;
        await _grid.RunOwnChangeAsync(async () =>
        {
            var dialog = await Dialogs.ShowAsync<PriceChangeDialog>("Change prices", parameters,
                new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, BackdropClick = false });
            var result = await dialog.Result;
            outcome = result is { Canceled: false, Data: PriceChangeOutcome applied } ? applied : null;
        });
        if (outcome is null) return;
        Snackbar.Add($"{Formats.Count(outcome.Changed)} price{(outcome.Changed == 1 ? "" : "s")} changed by {outcome.Applied.Percent:+0.##;-0.##} %."
            + (outcome.Applied.Skipped > 0 ? $" {Formats.Count(outcome.Applied.Skipped)} ticked item{(outcome.Applied.Skipped == 1 ? " was" : "s were")} left out: archived items are not changed in bulk." : ""), Severity.Success);
        if (outcome.DiffersFromPreview)
            Snackbar.Add("Some prices had changed since the preview; the percentage was applied to the prices stored at that moment.", Severity.Warning);
    }
}
