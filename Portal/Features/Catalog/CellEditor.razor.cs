using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Portal.Features.Catalog;

public partial class CellEditor<TValue> : IDisposable
{
    /// <summary>The stored value of the field.</summary>
    [Parameter, EditorRequired] public TValue Value { get; set; } = default!;
    [Parameter, EditorRequired] public Func<TValue, string> Format { get; set; } = default!;
    /// <summary>Reads the typed text; an error message when it is not a value of the field's type.</summary>
    [Parameter, EditorRequired] public Func<string, (TValue Value, string? Error)> Parse { get; set; } = default!;
    /// <summary>The field's rule (CatalogItemRules); a message when the value may not be saved.</summary>
    [Parameter, EditorRequired] public Func<TValue, string?> Validate { get; set; } = default!;
    /// <summary>Saves a valid changed value; returns a message to show at the field when it was not saved.</summary>
    [Parameter, EditorRequired] public Func<TValue, Task<string?>> Save { get; set; } = default!;
    /// <summary>Told true when editing starts (focus or saving) and false when it ends.</summary>
    [Parameter] public Action<bool>? EditingChanged { get; set; }
    [Parameter] public string Label { get; set; } = "";
    [Parameter] public string? TestId { get; set; }
    [Parameter] public string? AdornmentText { get; set; }
    [Parameter] public InputMode InputMode { get; set; } = InputMode.text;
    [Parameter] public string? Class { get; set; }
    /// <summary>The id of a &lt;datalist&gt; with suggestions.</summary>
    [Parameter] public string? SuggestionsList { get; set; }

    private string _draft = "";
    private string? _shown;
    private string? _error;
    private bool _focused;
    private bool _saving;
    private bool _reportedEditing;

    protected override void OnParametersSet()
    {
        var formatted = Format(Value);
        // A new stored value (saved, reloaded, or kept after a conflict) replaces the draft, unless
        // the user is typing something else right now.
        if (_shown is null || (formatted != _shown && _draft == _shown && !_saving))
        {
            _draft = formatted;
            _error = null;
        }
        _shown = formatted;
    }

    private void OnDraftChanged(string? text)
    {
        _draft = text ?? "";
        // Once a message is shown, keep it in step with what is typed so it disappears when fixed.
        if (_error is not null) _error = Check(_draft, out _);
    }

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        switch (e.Key)
        {
            case "Enter":
                await CommitAsync();
                break;
            case "Escape":
                _draft = Format(Value);
                _error = null;
                break;
        }
    }

    private Task OnBlurAsync(FocusEventArgs _) => CommitAsync();

    private string? Check(string text, out TValue value)
    {
        var (parsed, parseError) = Parse(text);
        value = parsed;
        return parseError ?? Validate(parsed);
    }

    private async Task CommitAsync()
    {
        if (_saving) return;
        if (_draft == Format(Value))
        {
            _error = null;
            return;
        }
        _error = Check(_draft, out var value);
        if (_error is not null) return;
        if (EqualityComparer<TValue>.Default.Equals(value, Value))
        {
            _draft = Format(Value); // "12.5" for a stored 12.50: nothing to save
            return;
        }

        _saving = true;
        ReportEditing();
        try
        {
            _error = await Save(value);
        }
        finally
        {
            _saving = false;
        }
        if (_error is null) _draft = Format(Value);
        _shown = Format(Value);
        ReportEditing();
        StateHasChanged();
    }

    private void OnFocusIn()
    {
        _focused = true;
        ReportEditing();
    }

    private void OnFocusOut()
    {
        _focused = false;
        ReportEditing();
    }

    private void ReportEditing()
    {
        var editing = _focused || _saving;
        if (editing == _reportedEditing) return;
        _reportedEditing = editing;
        EditingChanged?.Invoke(editing);
    }

    public void Dispose()
    {
        if (_reportedEditing) EditingChanged?.Invoke(false);
    }
}
