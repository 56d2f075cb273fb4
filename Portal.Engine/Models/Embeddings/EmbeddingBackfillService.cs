using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Models.Embeddings;

/// <summary>Runs the <see cref="EmbeddingBackfill"/> once at start-up, in the background (the app answers meanwhile).</summary>
public sealed class EmbeddingBackfillService(EmbeddingBackfill backfill, IOptions<ModelsOptions> options, ILogger<EmbeddingBackfillService> log)
    : BackgroundService
{
    private readonly TaskCompletionSource<BackfillResult?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The start-up run's result (null when models are off or it failed).</summary>
    public Task<BackfillResult?> Completion => _completion.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !options.Value.BackfillAtStartup)
        {
            _completion.TrySetResult(null);
            return;
        }
        await Task.Yield();
        try
        {
            var result = await backfill.RunAsync(cancellationToken: stoppingToken);
            if (result.Missing > 0)
                log.LogInformation("Embedding backfill finished: {Embedded} embedded, {Skipped} skipped of {Missing}", result.Embedded, result.Skipped, result.Missing);
            _completion.TrySetResult(result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            _completion.TrySetResult(null);
        }
        catch (Exception e)
        {
            log.LogError(e, "The embedding backfill failed; images without a vector get one on the next start or from the worker");
            _completion.TrySetResult(null);
        }
    }
}
