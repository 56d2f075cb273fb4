using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>The actions at a row: its photo, its history, archive and restore.</summary>
public partial class CatalogGrid
{
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
            { d => d.Currency, row.Currency },
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
}
