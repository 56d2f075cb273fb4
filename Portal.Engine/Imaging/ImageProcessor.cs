using Microsoft.Extensions.Options;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Processing;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Telemetry;

namespace Portal.Engine.Imaging;

/// <summary>Where overlay (watermark) images come from: the requesting customer's own space.</summary>
public interface IImageOverlaySource
{
    /// <summary>The overlay's bytes, or null when there is no such object.</summary>
    Task<byte[]?> LoadAsync(string key, CancellationToken cancellationToken);
}

/// <summary>
/// The image engine's entry point: applies an <see cref="ImageRequest"/> to a source image under the
/// <see cref="ImagingOptions"/> limits (size, pixels, output size, formats, time) and the <see cref="ImageWorkBudget"/> of the
/// <see cref="ImageCaller"/> (estimated cost, slots, queue). Every refusal is an <see cref="ImageRequestException"/> carrying
/// the HTTP status and code to answer with. Without a caller, work is <see cref="ImageCaller.Internal"/> (the portal's own).
/// </summary>
public sealed class ImageProcessor : IDisposable
{
    private readonly ImagingOptions _options;
    private readonly ImageWorkBudget _budget;
    private readonly bool _ownsBudget;

    /// <summary>With the container's budget, shared by every processor of the app.</summary>
    public ImageProcessor(IOptions<ImagingOptions> options, ImageWorkBudget budget)
    {
        _options = options.Value;
        _budget = budget;
    }

    /// <summary>With a budget of its own (benchmarks, tests, jobs).</summary>
    public ImageProcessor(IOptions<ImagingOptions> options) : this(options, new ImageWorkBudget(options.Value)) => _ownsBudget = true;

    public ImageProcessor(ImagingOptions options) : this(Options.Create(options)) { }

    /// <summary>
    /// Which codecs this processor uses, e.g. "JPEG: libturbojpeg, WebP output: libwebp, GIF/TIFF/AVIF/HEIF, palette PNG and animation:
    /// libvips 8.18.7, others: Skia" (for logs and health pages).
    /// </summary>
    public string CodecSummary =>
        $"JPEG: {(_options.UseTurboJpeg ? "libturbojpeg" : "Skia")}, WebP output: {(_options.UseSystemWebp ? "libwebp" : "Skia")}, "
        + $"GIF/TIFF/AVIF/HEIF, palette PNG and animation: {(Processing.VipsCodec.Version is { } v ? "libvips " + v : "unavailable")}, others: Skia";

    public Task<ProcessedImage> ProcessAsync(byte[] source, ImageRequest request, CancellationToken cancellationToken = default) =>
        ProcessAsync(source, request, null, cancellationToken);

    public async Task<ProcessedImage> ProcessAsync(Stream source, ImageRequest request, IImageOverlaySource? overlays = null,
        CancellationToken cancellationToken = default) =>
        await ProcessAsync(await ReadLimitedAsync(source, "image", cancellationToken), request, overlays, cancellationToken);

    public async Task<ProcessedImage> ProcessAsync(Stream source, ImageRequest request, IImageOverlaySource? overlays, ImageCaller caller,
        CancellationToken cancellationToken = default) =>
        await ProcessAsync(await ReadLimitedAsync(source, "image", cancellationToken), request, overlays, caller, cancellationToken);

    public Task<ProcessedImage> ProcessAsync(byte[] source, ImageRequest request, IImageOverlaySource? overlays,
        CancellationToken cancellationToken = default) =>
        ProcessAsync(source, request, overlays, ImageCaller.Internal, cancellationToken);

    public Task<ProcessedImage> ProcessAsync(byte[] source, ImageRequest request, IImageOverlaySource? overlays, ImageCaller caller,
        CancellationToken cancellationToken = default) =>
        RunAsync(source, request, overlays, caller, null,
            (overlay, budget) => ImagePipeline.Run(source, source.Length, request, overlay, _options, budget), cancellationToken);

    /// <summary>
    /// The output of <paramref name="request"/> fitted inside <paramref name="maxSide"/> x <paramref name="maxSide"/> pixels
    /// (never enlarged), with the pixel size of the real output: a live preview that stays quick for large photos.
    /// </summary>
    public Task<ImagePreview> PreviewAsync(byte[] source, ImageRequest request, int maxSide, IImageOverlaySource? overlays = null,
        CancellationToken cancellationToken = default) =>
        PreviewAsync(source, request, maxSide, overlays, ImageCaller.Internal, cancellationToken);

    public Task<ImagePreview> PreviewAsync(byte[] source, ImageRequest request, int maxSide, IImageOverlaySource? overlays, ImageCaller caller,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        return RunAsync(source, request, overlays, caller, maxSide,
            (overlay, budget) => ImagePipeline.Preview(source, source.Length, request, overlay, _options, maxSide, budget), cancellationToken);
    }

    /// <summary>
    /// Runs pipeline work under the limits: the overlay loaded and checked, the cost estimated and admitted by the caller's
    /// budget (refused, or a slot waited for), then the time limit from the moment the slot is held.
    /// </summary>
    private async Task<T> RunAsync<T>(byte[] source, ImageRequest request, IImageOverlaySource? overlays, ImageCaller caller, int? previewSide,
        Func<byte[]?, WorkBudget, T> work, CancellationToken cancellationToken)
    {
        byte[]? overlay = null;
        if (request.Edits.Overlay is { } edit)
        {
            if (overlays is null)
                throw ImageErrors.BadEdit("overlayWith", "overlays are not available for this request");
            overlay = await overlays.LoadAsync(edit.Key, cancellationToken)
                      ?? throw new ImageRequestException(404, ImageErrorCodes.NoSuchKey, $"The overlay image '{edit.Key}' does not exist.");
            if (overlay.LongLength > _options.MaxInputBytes)
                throw new ImageRequestException(413, ImageErrorCodes.TooLargeImage, $"The overlay image is {overlay.LongLength:N0} bytes; the limit is {_options.MaxInputBytes:N0} bytes.");
        }

        var cost = ImageCostEstimate.For(source, source.Length, request, _options, overlay, previewSide);
        using var slot = await _budget.AdmitAsync(caller, cost, cancellationToken);
        var limit = TimeSpan.FromSeconds(_options.ProcessingTimeoutSeconds);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit); // ends a wait for a thread; the work itself checks its budget's deadline
        var budget = WorkBudget.For(limit, timeout.Token);
        try
        {
            // CPU-bound: on a thread-pool thread (a request's) run inline, no hop; elsewhere (a UI context) move off it.
            if (SynchronizationContext.Current is null && Thread.CurrentThread.IsThreadPoolThread)
                return Measured(request, () => work(overlay, budget));
            return await Task.Run(() => Measured(request, () => work(overlay, budget)), timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ImageRequestException(503, ImageErrorCodes.Timeout,
                $"Processing the image took longer than {_options.ProcessingTimeoutSeconds:0.#} s.");
        }
    }

    /// <summary>The work as one <c>image.process</c> span, and its duration on <c>portal.images.processing.duration</c>.</summary>
    private static T Measured<T>(ImageRequest request, Func<T> work)
    {
        using var activity = PortalTelemetry.Images.StartActivity("image.process");
        activity?.SetTag("image.key", request.Key);
        activity?.SetTag("image.format", request.OutputFormat?.ToString());
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        catch (Exception e)
        {
            activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }
        finally
        {
            ImagingMetrics.Processed(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, request.OutputFormat?.ToString() ?? "source");
        }
    }

    /// <summary>Processes on the calling thread, without the concurrency limit or timeout (benchmarks, batch jobs).</summary>
    public ProcessedImage Process(byte[] source, ImageRequest request, byte[]? overlay = null, CancellationToken cancellationToken = default) =>
        ImagePipeline.Run(source, source.Length, request, overlay, _options, WorkBudget.Unlimited(cancellationToken));

    /// <summary>Reads a source stream, refusing it as soon as it passes MaxInputBytes.</summary>
    public async Task<byte[]> ReadLimitedAsync(Stream source, string what, CancellationToken cancellationToken)
    {
        if (source.CanSeek && source.Length - source.Position > _options.MaxInputBytes) throw TooLarge(what, source.Length - source.Position);
        using var buffer = new MemoryStream(source.CanSeek ? (int)Math.Min(source.Length - source.Position, int.MaxValue) : 1 << 16);
        var chunk = new byte[1 << 16];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _options.MaxInputBytes) throw TooLarge(what, buffer.Length + read);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private ImageRequestException TooLarge(string what, long length) =>
        new(413, ImageErrorCodes.TooLargeImage, $"The {what} is more than {_options.MaxInputBytes:N0} bytes (at least {length:N0}).");

    public void Dispose()
    {
        if (_ownsBudget) _budget.Dispose();
    }
}
