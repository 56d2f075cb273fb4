using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using MudBlazor;
using Portal.Engine.Catalog;
using Portal.Engine.Imaging;
using Portal.Features.Storefront;

namespace Portal.Features.Catalog;

public partial class PhotoDialog
{
    [Inject] private CatalogService Catalog { get; set; } = default!;
    [Inject] private IOptions<ImagingOptions> Imaging { get; set; } = default!;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Parameter, EditorRequired] public CatalogItem Item { get; set; } = default!;
    [Parameter, EditorRequired] public string UserName { get; set; } = "";

    private CatalogItem _item = default!;
    private bool _busy;
    private bool _changed;
    private string? _error;
    protected override void OnInitialized() => _item = Item;

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        if (file is null) return;
        var limit = Imaging.Value.MaxInputBytes;
        if (file.Size > limit)
        {
            _error = $"{file.Name} is {Size(file.Size)}; the limit is {Size(limit)}.";
            return;
        }
        await RunAsync(async () =>
        {
            await using var stream = file.OpenReadStream(limit);
            return await Catalog.SetPhotoAsync(_item.Id, _item.Version, stream, file.Name, UserName);
        });
    }

    private Task RemoveAsync() => RunAsync(() => Catalog.RemovePhotoAsync(_item.Id, _item.Version, UserName));

    private async Task RunAsync(Func<Task<CatalogResult>> change)
    {
        _busy = true;
        _error = null;
        try
        {
            var result = await change();
            switch (result.Outcome)
            {
                case CatalogOutcome.Ok:
                    _item = result.Item!;
                    _changed = true;
                    break;
                case CatalogOutcome.Invalid:
                    _error = string.Join(" ", result.Errors?.SelectMany(e => e.Value) ?? []);
                    break;
                case CatalogOutcome.Conflict:
                    _item = result.Item!;
                    _changed = true;
                    _error = "Someone else changed this item meanwhile; nothing was changed. The current photo is shown: try again.";
                    break;
                default:
                    _error = "This item no longer exists.";
                    break;
            }
        }
        catch (IOException e)
        {
            _error = $"The file could not be read: {e.Message}";
        }
        finally
        {
            _busy = false;
        }
    }

    private void ItemChanged(CatalogItem item)
    {
        _item = item;
        _changed = true;
    }

    private void Close()
    {
        if (_changed) Dialog.Close(DialogResult.Ok(_item));
        else Dialog.Cancel();
    }

    private static string Size(long bytes) =>
        bytes >= 1024 * 1024 ? $"{bytes / (1024d * 1024):0.#} MB" : bytes >= 1024 ? $"{bytes / 1024d:0.#} KB" : $"{bytes} bytes";
}
