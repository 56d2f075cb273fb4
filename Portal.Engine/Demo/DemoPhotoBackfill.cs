using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Portal.Engine.Demo;

/// <summary>
/// Composes the demo photos in the background once the app has started, so start-up (and every test that
/// starts the app) does not wait for them; the shop shows each photo as soon as it is stored.
/// </summary>
public sealed class DemoPhotoBackfill(DemoPhotos photos, ILogger<DemoPhotoBackfill> logger) : BackgroundService
{
    /// <summary>Completes when this instance's fill has ended (for tests and health checks to wait on).</summary>
    public Task Completion => _completion.Task;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let start-up go on
        try
        {
            await photos.FillAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            // Photos are decoration: a failure must not stop the shop (a BackgroundService's exception would stop the host).
            logger.LogError(e, "Demo photos could not be composed; the demo items without one show a placeholder.");
        }
        finally
        {
            _completion.TrySetResult();
        }
    }
}
