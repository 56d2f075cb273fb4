using Microsoft.Extensions.Logging;

namespace Portal.Engine.Models.Embeddings;

public enum BackfillTrigger { Startup, Manual }

/// <summary>A backfill run as the models page shows it: who started it, how far it has come, how many images failed, how it ended.</summary>
public sealed record BackfillRun(BackfillTrigger Trigger, string StartedBy, DateTime StartedAt, int Done, int Total, int Failed,
    DateTime? FinishedAt = null, string? Error = null)
{
    public bool Running => FinishedAt is null;
}

/// <summary>
/// Runs the <see cref="EmbeddingBackfill"/> in the background, one run at a time on this instance (the start-up run and
/// the models page's button both start it here), and keeps the current or last run, so a page that reloads shows the
/// same progress. A start while a run is going is refused. Instances do not coordinate: a run on each is harmless,
/// since the backfill stores each vector once (see <see cref="ImageEmbeddings.EnsureRowAsync"/>).
/// </summary>
public sealed class EmbeddingBackfillRuns(EmbeddingBackfill backfill, TimeProvider clock, ILogger<EmbeddingBackfillRuns> log)
{
    private readonly Lock _gate = new();
    private volatile BackfillRun? _current;

    /// <summary>The run going now, or the last one (null before the first).</summary>
    public BackfillRun? Current => _current;

    /// <summary>Raised (on the run's thread) whenever <see cref="Current"/> changes.</summary>
    public event Action<BackfillRun>? Changed;

    /// <summary>
    /// Starts a run in the background and returns it as it ends (failures are in <see cref="BackfillRun.Error"/>, not
    /// thrown). Throws <see cref="ModelsException"/> when a run is going.
    /// </summary>
    public Task<BackfillRun> StartAsync(BackfillTrigger trigger, string startedBy, CancellationToken stopping = default)
    {
        BackfillRun started;
        lock (_gate)
        {
            if (_current is { Running: true } running)
                throw new ModelsException($"An embedding backfill is already running (started by {running.StartedBy}, {running.Done} of {running.Total} done); "
                    + "wait for it to finish.");
            _current = started = new BackfillRun(trigger, startedBy, Now, 0, 0, 0);
        }
        Raise(started);
        return Task.Run(() => RunAsync(stopping), CancellationToken.None);
    }

    private async Task<BackfillRun> RunAsync(CancellationToken stopping)
    {
        try
        {
            var result = await backfill.RunAsync(progress: step => Update(r => r with { Done = step.Done, Total = step.Total, Failed = step.Failed }),
                cancellationToken: stopping);
            if (result.Missing > 0)
                log.LogInformation("Embedding backfill finished: {Embedded} embedded, {Skipped} skipped of {Missing}", result.Embedded, result.Skipped, result.Missing);
            return Update(r => r with { Done = result.Missing, Total = result.Missing, Failed = result.Skipped, FinishedAt = Now });
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return Update(r => r with { FinishedAt = Now, Error = "Stopped when the portal shut down; the images left get their vectors on the next run." });
        }
        catch (Exception e)
        {
            log.LogError(e, "The embedding backfill failed; images without a vector get one on the next run or from the worker");
            return Update(r => r with { FinishedAt = Now, Error = $"The backfill failed: {e.Message}" });
        }
    }

    private BackfillRun Update(Func<BackfillRun, BackfillRun> change)
    {
        BackfillRun updated;
        lock (_gate) _current = updated = change(_current!);
        Raise(updated);
        return updated;
    }

    private void Raise(BackfillRun run)
    {
        try { Changed?.Invoke(run); }
        catch (Exception e) { log.LogWarning(e, "An embedding backfill progress listener failed"); }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
