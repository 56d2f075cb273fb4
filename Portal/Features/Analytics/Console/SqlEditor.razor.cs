using Portal.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;

namespace Portal.Features.Analytics.Console;

public partial class SqlEditor : IAsyncDisposable
{
    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The query text.</summary>
    [Parameter] public string Value { get; set; } = "";
    [Parameter] public EventCallback<string> ValueChanged { get; set; }
    /// <summary>Ctrl+Enter or ⌘+Enter was pressed in the editor.</summary>
    [Parameter] public EventCallback OnRun { get; set; }
    /// <summary>Marks the editor as holding an error (the message is shown beside it).</summary>
    [Parameter] public bool Invalid { get; set; }
    /// <summary>The longest query the engine accepts (<c>Analytics:Query:MaxSqlLength</c>); longer text is refused here.</summary>
    [Parameter] public int MaxLength { get; set; } = int.MaxValue;

    /// <summary>The text is longer than <see cref="MaxLength"/>: it cannot run.</summary>
    public bool TooLong => Value.Length > MaxLength;

    private string TooLongMessage =>
        $"The query is {Formats.Count(Value.Length)} characters long; at most {Formats.Count(MaxLength)} are accepted (Analytics:Query:MaxSqlLength). Shorten it to run it.";

    private ElementReference _textarea;
    // The value attribute renders the text as last set from outside (a load, an insert), not every keystroke: re-rendering
    // it per input let a slow round trip put older text back over what was typed since (characters were lost).
    private string _shown = "";
    // The text the textarea holds as far as this component knows: the last input, or the last text set from outside.
    private string? _held;
    private bool _pushText;
    private SqlConsoleScript? _script;
    private SqlConsoleScript Script => _script ??= new SqlConsoleScript(JS);

    protected override void OnParametersSet()
    {
        if (_held is null) _shown = _held = Value;
        else ShowFromOutside();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!_pushText) return;
        _pushText = false;
        await Script.SetTextAsync(_textarea, Value);
    }

    /// <summary>Puts text set from outside into the textarea (through the attribute, or the script when the attribute would not change).</summary>
    private void ShowFromOutside()
    {
        if (Value == _held) return;
        _pushText = Value == _shown;
        _shown = _held = Value;
    }

    private Task OnInputAsync(ChangeEventArgs e)
    {
        Value = _held = e.Value?.ToString() ?? "";
        return ValueChanged.InvokeAsync(Value);
    }

    private Task OnKeyDownAsync(KeyboardEventArgs e) =>
        e.Key == "Enter" && (e.CtrlKey || e.MetaKey) ? OnRun.InvokeAsync() : Task.CompletedTask;

    /// <summary>Puts <paramref name="text"/> where the caret is (replacing a selection), or at the end when the browser does not say.</summary>
    public async Task InsertAsync(string text)
    {
        var (start, end) = await Script.SelectionAsync(_textarea) ?? (Value.Length, Value.Length);
        start = Math.Clamp(start, 0, Value.Length);
        end = Math.Clamp(end, start, Value.Length);
        // A space keeps the name apart from a word right before it.
        if (start > 0 && !char.IsWhiteSpace(Value[start - 1]) && Value[start - 1] is not ('(' or ',' or '.')) text = " " + text;
        if (end < Value.Length && (char.IsLetterOrDigit(Value[end]) || Value[end] == '_')) text += " ";
        Value = Value[..start] + text + Value[end..];
        ShowFromOutside();
        await ValueChanged.InvokeAsync(Value);
        StateHasChanged();
        await Script.SelectAsync(_textarea, start + text.Length, start + text.Length);
    }

    /// <summary>Selects characters <paramref name="start"/> to <paramref name="end"/> and focuses the editor (to show where an error is).</summary>
    public Task SelectAsync(int start, int end) => Script.SelectAsync(_textarea, start, end);

    public ValueTask DisposeAsync() => _script?.DisposeAsync() ?? ValueTask.CompletedTask;
}
