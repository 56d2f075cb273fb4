using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;

namespace Portal.Features.Models.Datasets;

public partial class LabellingPage
{
    internal const int PageSize = 24;
    private const string AllItems = "\u0000all", UnlabelledOnly = "\u0000unlabelled";

    [Parameter] public string Name { get; set; } = "";
    [Inject] private ModelDatasets Datasets { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private ModelDataset? _dataset;
    private IReadOnlyList<string> _labels = [];
    private DatasetLabelCounts? _counts;
    private DatasetItemPage? _page;
    private bool _missing;
    private string _filter = UnlabelledOnly;
    private int _pageIndex, _selected;
    private string? _error;

    private DatasetItemView? Selected => _page is { } page && _selected < page.Items.Count ? page.Items[_selected] : null;
    private int PageCount => _page is null ? 0 : (_page.Total + PageSize - 1) / PageSize;
    private double Progress => _counts is { Total: > 0 } c ? 100.0 * c.Labelled / c.Total : 0;

    protected override async Task OnParametersSetAsync()
    {
        _dataset = await Datasets.FindAsync(Name);
        _missing = _dataset is null;
        if (_dataset is null) return;
        _labels = _dataset.Labels();
        _counts = await Datasets.LabelCountsAsync(_dataset.Id);
        await LoadPageAsync(0);
    }

    // The unlabelled filter keeps what was just labelled on screen until the page changes, so the grid does not jump.
    private async Task LoadPageAsync(int pageIndex)
    {
        var filter = new DatasetItemFilter(_filter == UnlabelledOnly, _filter is AllItems or UnlabelledOnly ? null : _filter);
        _pageIndex = Math.Max(0, pageIndex);
        _page = await Datasets.ItemsAsync(_dataset!.Id, filter, _pageIndex, PageSize);
        if (_page.Items.Count == 0 && _pageIndex > 0) _page = await Datasets.ItemsAsync(_dataset.Id, filter, --_pageIndex, PageSize);
        _selected = 0;
    }

    private Task FilterAsync(string filter)
    {
        _filter = filter;
        return LoadPageAsync(0);
    }

    private Task PageAsync(int page) => LoadPageAsync(_filter == UnlabelledOnly ? 0 : page - 1);

    private async Task OnKeyAsync(KeyboardEventArgs key)
    {
        if (key.CtrlKey || key.AltKey || key.MetaKey) return;
        switch (key.Key)
        {
            case "ArrowRight" or "ArrowDown": await MoveAsync(+1); break;
            case "ArrowLeft" or "ArrowUp": await MoveAsync(-1); break;
            case "0" or "Backspace" or "Delete": await LabelSelectedAsync(null); break;
            case [var digit and >= '1' and <= '9'] when digit - '1' < _labels.Count: await LabelSelectedAsync(_labels[digit - '1']); break;
        }
    }

    private async Task MoveAsync(int step)
    {
        if (_page is null) return;
        var next = _selected + step;
        if (next >= _page.Items.Count && _pageIndex + 1 < PageCount) await LoadPageAsync(_pageIndex + 1);
        else if (next < 0 && _pageIndex > 0)
        {
            await LoadPageAsync(_pageIndex - 1);
            _selected = _page.Items.Count - 1;
        }
        else _selected = Math.Clamp(next, 0, Math.Max(0, _page.Items.Count - 1));
    }

    private async Task LabelSelectedAsync(string? label)
    {
        if (Selected is not { } item) return;
        _error = null;
        try
        {
            var by = (await AuthenticationState).User.Identity?.Name ?? "analyst";
            await Datasets.SetLabelAsync(_dataset!.Id, item.Id, label, by);
        }
        catch (ModelsException refused)
        {
            _error = refused.Message;
            return;
        }
        var items = _page!.Items.ToList();
        items[_selected] = item with { Label = label };
        _page = _page with { Items = items };
        _counts = await Datasets.LabelCountsAsync(_dataset!.Id);
        // Labelling moves on to the next image; clearing stays, to label it again.
        if (label is not null) await MoveAsync(+1);
    }
}
