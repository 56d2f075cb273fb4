using System.Diagnostics;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Requests;

namespace Portal.Features.Images.Editor;

/// <summary>
/// The image editor's live preview: debounced and cancellable, so a newer change cancels an older one and only the
/// latest result is shown. When the preview is drawn smaller than the output, the output is rendered in the background
/// to tell its real length. <paramref name="changed"/> is called whenever what is shown changes.
/// </summary>
public sealed class LivePreview(ImageLibrary library, ILogger logger, Func<Task> changed) : IDisposable
{
    public const string FixValuesMessage = "Fix the highlighted values to see the preview.";

    private readonly CancellationTokenSource _disposed = new();
    private CancellationTokenSource? _pending;
    private int _version;

    public ImagePreview? Result { get; private set; }
    /// <summary>The preview as a data URL for the img element.</summary>
    public string? Url { get; private set; }
    public long Milliseconds { get; private set; }
    public bool Running { get; private set; }
    public string? Error { get; private set; }
    /// <summary>The engine's error code of <see cref="Error"/>, when the engine refused the edits.</summary>
    public string? ErrorCode { get; private set; }
    private long? _measuredBytes;
    private bool _measuring;

    public string State => Running ? "loading" : Error is not null ? "error" : Result is not null ? "ready" : "none";

    /// <summary>The output's length: exact when the preview is the output, else measured by rendering the output in the background.</summary>
    public long? OutputBytes => Result?.OutputBytes ?? _measuredBytes;
    public string OutputBytesState => OutputBytes is not null ? "exact" : _measuring ? "measuring" : "unknown";
    public string OutputBytesText => OutputBytes is { } bytes ? ImageView.Bytes(bytes) : _measuring ? "measuring size…" : "size unknown";

    /// <summary>The engine's message when it refused the edits with <paramref name="code"/>, for the control it concerns.</summary>
    public string? ErrorFor(string code) => ErrorCode == code ? Error : null;

    /// <summary>
    /// Previews <paramref name="request"/> on <paramref name="ownerId"/>'s image after <paramref name="delay"/> of quiet;
    /// a null request (the controls hold values that cannot be sent) shows <see cref="FixValuesMessage"/> instead.
    /// </summary>
    public void Start(string ownerId, ImageRequest? request, int maxSide, TimeSpan delay) => _ = RunAsync(++_version, ownerId, request, maxSide, delay);

    private async Task RunAsync(int version, string ownerId, ImageRequest? request, int maxSide, TimeSpan delay)
    {
        if (_disposed.IsCancellationRequested) return;
        _pending?.Cancel();
        _pending?.Dispose();
        var cts = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        _pending = cts;
        var token = cts.Token;

        if (request is null)
        {
            Running = false;
            Error = FixValuesMessage;
            ErrorCode = null;
            return;
        }
        Running = true;
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, token);
            await changed();
            var watch = Stopwatch.StartNew();
            ImagePreview result;
            try
            {
                result = await Task.Run(() => library.PreviewAsync(ownerId, request, maxSide, token), token);
            }
            catch (ImageRequestException e)
            {
                if (version != _version) return;
                Fail(e.Message, e.Code);
                await changed();
                return;
            }
            if (version != _version || token.IsCancellationRequested) return;
            Result = result;
            Url = $"data:{result.Image.ContentType};base64,{Convert.ToBase64String(result.Image.Content)}";
            Milliseconds = watch.ElapsedMilliseconds;
            Error = null;
            ErrorCode = null;
            Running = false;
            _measuredBytes = null;
            _measuring = result.IsScaledDown;
            await changed();
            if (result.IsScaledDown) await MeasureOutputAsync(version, ownerId, request, token);
        }
        catch (OperationCanceledException)
        {
            // A newer change took over (or the page closed).
        }
        catch (ObjectDisposedException)
        {
        }
        catch (Exception e) when (version == _version)
        {
            Fail($"The preview failed: {e.Message}", null);
            await changed();
        }
    }

    private void Fail(string message, string? code)
    {
        Error = message;
        ErrorCode = code;
        Running = false;
    }

    /// <summary>Renders the full output off the circuit's thread to tell its real length; a newer change cancels it.</summary>
    private async Task MeasureOutputAsync(int version, string ownerId, ImageRequest request, CancellationToken token)
    {
        long? bytes = null;
        try
        {
            bytes = (await Task.Run(() => library.RenderAsync(ownerId, request, token), token)).Content.LongLength;
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            logger.LogWarning(e, "The output size of image {Key} could not be measured", request.Key);
        }
        if (version != _version || token.IsCancellationRequested) return;
        _measuredBytes = bytes;
        _measuring = false;
        await changed();
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _pending?.Dispose();
        _disposed.Dispose();
    }
}
