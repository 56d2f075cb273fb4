using Portal.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;

namespace Portal.Features.Models.Datasets;

public partial class DatasetImportDialog
{
    [Inject] private ModelDatasets Datasets { get; set; } = default!;
    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    private string _name = "", _attribute = "", _bucket = "", _key = "";
    private bool _fromFile, _busy;
    private IBrowserFile? _file;
    private ModelsException? _error;
    private ManifestImportResult? _result;

    private string? Error(string field) => _error?.Field == field ? _error.Message : null;

    private async Task ImportAsync()
    {
        (_busy, _error, _result) = (true, null, null);
        try
        {
            var by = (await AuthenticationState).User.Identity?.Name ?? "analyst";
            if (!_fromFile)
            {
                _result = await Datasets.ImportAsync(_name, null, _bucket.Trim(), _key.Trim(), _attribute, by);
                return;
            }
            if (_file is null) throw new ModelsException("Choose a manifest file.", "file");
            if (_file.Size > ModelDatasets.MaxManifestBytes)
                throw new ModelsException($"The file is {Formats.Count(_file.Size)} bytes; at most {Formats.Count(ModelDatasets.MaxManifestBytes)} are imported.", "file");
            await using var content = _file.OpenReadStream(ModelDatasets.MaxManifestBytes);
            using var buffer = new MemoryStream();
            await content.CopyToAsync(buffer);
            buffer.Position = 0;
            _result = await Datasets.ImportUploadAsync(_name, null, buffer, _attribute, by);
        }
        catch (ModelsException refused)
        {
            // The labels check reports on the manifest as a whole, so it is shown above the lines.
            _error = refused.Field is null ? new ModelsException(refused.Message, "labels") : refused;
        }
        finally
        {
            _busy = false;
        }
    }
}
