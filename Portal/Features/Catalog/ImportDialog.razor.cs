using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;
using Portal.Components;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

public partial class ImportDialog
{
    [Inject] private CatalogImport Import { get; set; } = default!;

    public const long MaxBytes = 5 * 1024 * 1024;
    private const int MaxRowsShown = 500;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter] public string UserName { get; set; } = "";
    /// <summary>Where the current catalog can be downloaded as CSV, offered as a template.</summary>
    [Parameter] public string? ExportUrl { get; set; }

    private string? _fileName;
    private long _fileSize;
    private string? _text;
    private string? _fileError;
    private string? _message;
    private CatalogImportPreview? _preview;
    private bool _onlyErrors;
    private bool _reading;
    private bool _applying;
    private bool _stale;

    private bool CanApply => _preview is { CanApply: true } && Ready;

    private bool CanApplyValidRows => _preview is { CanApplyValidRows: true } && Ready;

    private bool Ready => _text is not null && !_applying && !_reading && !_stale;

    private IEnumerable<CatalogImportRow> ShownRows =>
        _preview is null ? [] : _onlyErrors ? _preview.Rows.Where(r => r.Action == ImportAction.Error) : _preview.Rows;

    private async Task OnFileChosenAsync(IBrowserFile? file)
    {
        (_preview, _text, _fileError, _message, _stale) = (null, null, null, null, false);
        if (file is null) return;
        (_fileName, _fileSize) = (file.Name, file.Size);
        if (!file.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            _fileError = $"{file.Name} is not a .csv file. Save the sheet as CSV (comma-separated values) and choose that file.";
            return;
        }
        if (file.Size > MaxBytes)
        {
            _fileError = $"{file.Name} is {Size(file.Size)}; the limit is {Size(MaxBytes)}. Split it into smaller files.";
            return;
        }

        _reading = true;
        try
        {
            await using var stream = file.OpenReadStream(MaxBytes);
            using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
            _text = await reader.ReadToEndAsync();
            _preview = await Import.PreviewAsync(_text);
            _onlyErrors = _preview.Count(ImportAction.Error) > 0;
        }
        catch (Exception e)
        {
            (_text, _preview) = (null, null);
            _fileError = $"{file.Name} could not be read: {e.Message}";
        }
        finally
        {
            _reading = false;
        }
    }

    private Task ApplyAllAsync() => CanApply ? ApplyAsync(validRowsOnly: false) : Task.CompletedTask;

    private Task ApplyValidRowsAsync() => CanApplyValidRows ? ApplyAsync(validRowsOnly: true) : Task.CompletedTask;

    private async Task ApplyAsync(bool validRowsOnly)
    {
        _applying = true;
        _message = null;
        try
        {
            // Applies what this preview showed: refused as a whole if an item it read was saved since.
            var applied = validRowsOnly
                ? await Import.ApplyValidRowsAsync(_preview!, UserName)
                : await Import.ApplyAsync(_preview!, UserName);
            if (applied.Refusal is not null)
            {
                (_message, _stale) = (applied.Refusal, true);
                return;
            }
            Dialog.Close(DialogResult.Ok(ImportOutcome.From(applied)));
        }
        catch (Exception)
        {
            _message = "Nothing was imported: the import failed unexpectedly. Preview the file again and retry.";
            _stale = true;
        }
        finally
        {
            _applying = false;
        }
    }

    private async Task PreviewAgainAsync()
    {
        if (_text is null) return;
        _reading = true;
        try
        {
            _preview = await Import.PreviewAsync(_text);
            _onlyErrors = _preview.Count(ImportAction.Error) > 0;
            (_message, _stale) = (null, false);
        }
        finally
        {
            _reading = false;
        }
    }

    private static string Rows(int count) => count == 1 ? "1 row" : $"{Formats.Count(count)} rows";

    private static string ApplyValidRowsText(CatalogImportPreview preview) =>
        $"Apply the {Rows(preview.ValidRows)} without errors, skip {Formats.Count(preview.ErrorRows)}";

    private static string SkipNotice(CatalogImportPreview preview)
    {
        var lines = preview.Rows.Where(r => r.Action == ImportAction.Error).Select(r => r.Line).ToList();
        var shown = string.Join(", ", lines.Take(10)) + (lines.Count > 10 ? $" and {Formats.Count(lines.Count - 10)} more" : "");
        return $"{Rows(lines.Count)} {(lines.Count == 1 ? "has" : "have")} errors (line{(lines.Count == 1 ? "" : "s")} {shown}). "
               + "Fix the file and choose it again to import every row, or apply only the "
               + $"{Rows(preview.ValidRows)} without errors: the {Rows(lines.Count)} with errors {(lines.Count == 1 ? "is" : "are")} then skipped, and nothing of {(lines.Count == 1 ? "it" : "them")} is saved.";
    }

    private static string ActionText(ImportAction action) => action switch
    {
        ImportAction.Create => "Create",
        ImportAction.Update => "Update",
        ImportAction.Unchanged => "Unchanged",
        _ => "Error",
    };

    private static Color ActionColor(ImportAction action) => action switch
    {
        ImportAction.Create => Color.Success,
        ImportAction.Update => Color.Info,
        ImportAction.Error => Color.Error,
        _ => Color.Default,
    };

    private static string Size(long bytes) =>
        bytes < 1024 ? $"{bytes} bytes"
        : bytes < 1024 * 1024 ? $"{bytes / 1024.0:0.#} KB"
        : $"{bytes / (1024.0 * 1024):0.#} MB";
}
