using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Models.Embeddings;

/// <summary>Starts one <see cref="EmbeddingBackfillRuns"/> run at start-up, in the background (the app answers meanwhile).</summary>
public sealed class EmbeddingBackfillService(EmbeddingBackfillRuns runs, IOptions<ModelsOptions> options) : BackgroundService
{
    private readonly TaskCompletionSource<BackfillRun?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The start-up run as it ended (null when models are off or the start-up run is switched off).</summary>
    public Task<BackfillRun?> Completion => _completion.Task;

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
            _completion.TrySetResult(await runs.StartAsync(BackfillTrigger.Startup, "start-up", stoppingToken));
        }
        catch (ModelsException)
        {
            _completion.TrySetResult(runs.Current); // a run started from the page got there first
        }
    }
}
