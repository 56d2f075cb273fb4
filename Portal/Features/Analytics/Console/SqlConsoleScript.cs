using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Portal.Features.Analytics.Console;

/// <summary>The console's browser module (wwwroot/js/sql-console.js), imported on first use.</summary>
public sealed class SqlConsoleScript(IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    private async ValueTask<IJSObjectReference> ModuleAsync() =>
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/sql-console.js");

    /// <summary>The editor's selection (start, end), or null when the browser did not say.</summary>
    public async Task<(int Start, int End)?> SelectionAsync(ElementReference textarea) =>
        await (await ModuleAsync()).InvokeAsync<int[]?>("selection", textarea) is [var start, var end] ? (start, end) : null;

    public async Task SelectAsync(ElementReference textarea, int start, int end) =>
        await (await ModuleAsync()).InvokeVoidAsync("select", textarea, start, end);

    /// <summary>Replaces the editor's text (when the server set it and the rendered attribute could not say so).</summary>
    public async Task SetTextAsync(ElementReference textarea, string text) =>
        await (await ModuleAsync()).InvokeVoidAsync("setText", textarea, text);

    /// <summary>Hands <paramref name="content"/> to the browser as a file download; nothing stays on the server.</summary>
    public async Task DownloadAsync(string fileName, string contentType, Stream content)
    {
        using var reference = new DotNetStreamReference(content);
        await (await ModuleAsync()).InvokeVoidAsync("download", fileName, contentType, reference);
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is null) return;
        try { await _module.DisposeAsync(); }
        catch (JSDisconnectedException) { } // the circuit is gone, and the module with it
    }
}
