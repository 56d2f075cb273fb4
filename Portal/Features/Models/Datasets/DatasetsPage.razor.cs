using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Engine.Models.Datasets;

namespace Portal.Features.Models.Datasets;

public partial class DatasetsPage
{
    [Inject] private ModelDatasets Datasets { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<DatasetSummary>? _datasets;

    protected override async Task OnInitializedAsync() => _datasets = await Datasets.ListAsync();

    internal static string KindText(DatasetKind kind) => kind switch
    {
        DatasetKind.ProductCategories => "Product categories",
        DatasetKind.Imported => "Imported",
        _ => "Labelled",
    };

    private void OnCreated(ModelDataset dataset) => Navigation.NavigateTo($"/models/datasets/{dataset.Name}");

    private async Task EnsureProductCategoriesAsync()
    {
        var by = (await AuthenticationState).User.Identity?.Name ?? "analyst";
        var dataset = await Datasets.EnsureProductCategoriesAsync(by);
        Navigation.NavigateTo($"/models/datasets/{dataset.Name}");
    }

    private async Task OpenImportAsync()
    {
        var dialog = await Dialogs.ShowAsync<DatasetImportDialog>("Import an augmented manifest",
            new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseButton = true });
        if (await dialog.Result is { Canceled: false, Data: ModelDataset imported }) Navigation.NavigateTo($"/models/datasets/{imported.Name}");
    }
}
