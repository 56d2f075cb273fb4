using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;

namespace Portal.Features.Models.Registry;

public partial class ModelRegistryPage
{
    [Inject] private ModelRegistry Registry { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private IReadOnlyList<RegisteredModel>? _models;
    private IReadOnlyList<EndpointSummary>? _endpoints;
    private string? _error;

    protected override Task OnInitializedAsync() => LoadAsync();

    private async Task LoadAsync()
    {
        _models = await Registry.ListModelsAsync();
        _endpoints = await Registry.ListEndpointsAsync();
    }

    private async Task DeployAsync(ModelVersion version)
    {
        var parameters = new DialogParameters<DeployDialog> { { d => d.Version, version }, { d => d.By, await UserNameAsync() } };
        var dialog = await Dialogs.ShowAsync<DeployDialog>($"Deploy {version.ModelName} v{version.Version}", parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true });
        if (await dialog.Result is { Canceled: false }) await LoadAsync();
    }

    private async Task RollbackAsync(EndpointSummary endpoint)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync("Roll back endpoint",
            $"“{endpoint.Endpoint.Name}” will serve {endpoint.Previous!.ModelName} v{endpoint.Previous.Version} again instead of v{endpoint.Serving.Version}.",
            yesText: "Roll back", cancelText: "Cancel");
        if (confirmed != true) return;
        try
        {
            await Registry.RollbackAsync(endpoint.Endpoint.Name, await UserNameAsync());
            _error = null;
        }
        catch (ModelsException e)
        {
            _error = e.Message;
        }
        await LoadAsync();
    }

    private async Task<string> UserNameAsync() => (await AuthenticationState).User.Identity?.Name ?? "unknown";
}
