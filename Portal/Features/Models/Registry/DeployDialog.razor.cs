using Microsoft.AspNetCore.Components;
using MudBlazor;
using Portal.Engine.Models;
using Portal.Engine.Models.Registry;

namespace Portal.Features.Models.Registry;

public partial class DeployDialog
{
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [Inject] private IModelRegistry Registry { get; set; } = default!;

    /// <summary>The version to deploy.</summary>
    [Parameter] public ModelVersion Version { get; set; } = default!;

    /// <summary>Who deploys (kept on the endpoint and in the audit trail).</summary>
    [Parameter] public string By { get; set; } = "";

    private string _endpoint = "";
    private string? _error;
    /// <summary>A refusal about the version itself (trained on another embedding model), not about the name.</summary>
    private string? _refusal;
    private bool _busy;

    protected override void OnParametersSet()
    {
        if (_endpoint.Length == 0) _endpoint = Version.ModelName;
    }

    private static string? Problem(string? name) => EndpointNames.IsValid(name) ? null : $"Not an endpoint name: {EndpointNames.Rule}.";

    private void OnEndpointChanged(string value)
    {
        _endpoint = value ?? "";
        _error = null; // the registry's refusal was about the name before
    }

    private async Task DeployAsync()
    {
        _busy = true;
        try
        {
            await Registry.DeployAsync(_endpoint, Version.Id, By);
            Dialog.Close(DialogResult.Ok(_endpoint));
        }
        catch (ModelsException e) when (e.Field == "modelVersionId")
        {
            _refusal = e.Message;
        }
        catch (ModelsException e)
        {
            _error = e.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
