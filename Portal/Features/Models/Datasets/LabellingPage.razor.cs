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
    private DatasetItemFilter Filter => new(_filter == UnlabelledOnly, _filter is AllItems or UnlabelledOnly ? null : _filter);

    private async Task LoadPageAsync(int pageIndex)
    {
        _pageIndex = Math.Max(0, pageIndex);
        _page = await Datasets.ItemsAsync(_dataset!.Id, Filter, _pageIndex, PageSize);
        if (_page.Items.Count == 0 && _pageIndex > 0)
        {
            // Fewer pages than before (images were labelled meanwhile): the last one.
            _pageIndex = Math.Max(0, (_page.Total - 1) / PageSize);
            _page = await Datasets.ItemsAsync(_dataset.Id, Filter, _pageIndex, PageSize);
        }
        _selected = 0;
    }

    private Task FilterAsync(string filter)
    {
        _filter = filter;
        return LoadPageAsync(0);
    }

    private Task PageAsync(int page) => LoadPageAsync(page - 1);

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

    /// <summary>
    /// Moves the selection; past either end of the page, the images next to it by id in the filtered list now (an offset
    /// would skip some: what was labelled on this page has left the "unlabelled" list). At the list's ends it stays.
    /// </summary>
    private async Task MoveAsync(int step)
    {
        if (_page is null) return;
        var next = _selected + step;
        if (next >= 0 && next < _page.Items.Count)
        {
            _selected = next;
            return;
        }
        if (_page.Items.Count == 0) return;
        var after = next >= _page.Items.Count;
        var anchor = after ? _page.Items[^1].Id : _page.Items[0].Id;
        var beside = await Datasets.ItemsBesideAsync(_dataset!.Id, Filter, anchor, after, PageSize);
        if (beside.Items.Count == 0) return;
        _page = beside;
        _pageIndex = beside.Offset / PageSize;
        _selected = after ? 0 : beside.Items.Count - 1;
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
