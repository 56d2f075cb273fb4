using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>Editing a row's fields in place: one field per save, guarded by the version the row was loaded at.</summary>
public partial class CatalogGrid
{
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
}
