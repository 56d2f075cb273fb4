using Portal.Components;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;

namespace Portal.Features.Models.Datasets;

public partial class DatasetPage
{
    private const int PageSize = 48;
    private const string AllItems = "", Unlabelled = "\u0000unlabelled";

    [Parameter] public string Name { get; set; } = "";
    [Inject] private ModelDatasets Datasets { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;

    private ModelDataset? _dataset;
    private DatasetLabelCounts? _counts;
    private DatasetItemPage? _page;
    private bool _missing;
    private string _labelFilter = AllItems;
    private ImageSource? _source;
    private int _pageIndex;
    private string? _notice;

    protected override Task OnParametersSetAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        _dataset = await Datasets.FindAsync(Name);
        _missing = _dataset is null;
        if (_dataset is null) return;
        _counts = await Datasets.LabelCountsAsync(_dataset.Id);
        await LoadPageAsync();
    }

    private async Task LoadPageAsync()
    {
        var filter = new DatasetItemFilter(_labelFilter == Unlabelled, _labelFilter is AllItems or Unlabelled ? null : _labelFilter, _source);
        _page = await Datasets.ItemsAsync(_dataset!.Id, filter, _pageIndex, PageSize);
    }

    private async Task FilterByAsync(string label)
    {
        (_labelFilter, _pageIndex) = (label, 0);
        await LoadPageAsync();
    }

    private async Task SourceChangedAsync(ImageSource? source)
    {
        (_source, _pageIndex) = (source, 0);
        await LoadPageAsync();
    }

    private async Task PageAsync(int page)
    {
        _pageIndex = page - 1;
        await LoadPageAsync();
    }

    private async Task AddProductPhotosAsync()
    {
        var added = await Datasets.AddProductPhotosAsync(_dataset!.Id, await Datasets.CatalogItemsWithPhotosAsync());
        _notice = $"Added {Formats.Count(added)} product photos.";
        await ReloadAsync();
    }

    private async Task AddCustomerImagesAsync()
    {
        var dialog = await Dialogs.ShowAsync<CustomerImagePicker>("Add customer images",
            new DialogParameters<CustomerImagePicker> { { p => p.DatasetId, _dataset!.Id } },
            new DialogOptions { MaxWidth = MaxWidth.Large, FullWidth = true, CloseButton = true });
        if (await dialog.Result is not { Canceled: false, Data: IReadOnlyCollection<Guid> chosen }) return;
        var added = await Datasets.AddCustomerImagesAsync(_dataset!.Id, chosen);
        _notice = $"Added {Formats.Count(added)} customer images.";
        await ReloadAsync();
    }

    private async Task RemoveAsync(DatasetItemView item)
    {
        await Datasets.RemoveItemsAsync(_dataset!.Id, [item.Id]);
        await ReloadAsync();
    }
}
