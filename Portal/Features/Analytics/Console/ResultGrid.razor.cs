using Portal.Components;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Analytics.Query;

namespace Portal.Features.Analytics.Console;

public partial class ResultGrid : IAsyncDisposable
{
    private static readonly int[] PageSizes = [10, 25, 50, 100, 500];
    private static readonly HashSet<string> Numeric = ["bigint", "integer", "int", "smallint", "tinyint", "double", "real", "float", "decimal"];

    [Inject] private IJSRuntime JS { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ILogger<ResultGrid> Logger { get; set; } = default!;

    /// <summary>The result to show.</summary>
    [Parameter, EditorRequired] public QueryResult Result { get; set; } = default!;

    private bool _downloading;
    private string? _downloadError;
    private SqlConsoleScript? _script;

    private string Summary =>
        $"{Formats.Count(Result.Rows.Count)} {(Result.Rows.Count == 1 ? "row" : "rows")}{(Result.Truncated ? " (truncated)" : "")} · {Formats.Seconds(Result.Elapsed)}";

    private static string AlignOf(QueryColumn column) => Numeric.Contains(column.Type.Split('(')[0].Trim().ToLowerInvariant()) ? "text-right" : "";

    private Task DownloadCsvAsync() => DownloadAsync("csv", "text/csv", ResultCsv.WriteAsync);

    private Task DownloadParquetAsync() => DownloadAsync("parquet", "application/vnd.apache.parquet", ResultParquet.WriteAsync);

    // The file is made from the result this page already holds and streamed to the browser; the server keeps no copy.
    private async Task DownloadAsync(string extension, string contentType, Func<QueryResult, Stream, CancellationToken, Task> write)
    {
        _downloading = true;
        _downloadError = null;
        try
        {
            var content = new MemoryStream();
            await write(Result, content, CancellationToken.None);
            content.Position = 0;
            _script ??= new SqlConsoleScript(JS);
            await _script.DownloadAsync($"query-{Formats.FileStamp(Clock.GetUtcNow())}.{extension}", contentType, content);
        }
        catch (Exception e) when (e is not JSDisconnectedException)
        {
            Logger.LogError(e, "A console result could not be downloaded as {Extension}", extension);
            _downloadError = $"The {extension.ToUpperInvariant()} file could not be made; try again, or download the other format.";
        }
        finally
        {
            _downloading = false;
        }
    }

    public ValueTask DisposeAsync() => _script?.DisposeAsync() ?? ValueTask.CompletedTask;
}
