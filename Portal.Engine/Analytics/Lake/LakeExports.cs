using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake.Export;
using Portal.Engine.Data;

namespace Portal.Engine.Analytics.Lake;

/// <summary>
/// Runs exports one at a time per dataset across instances, and records each in <c>lake_export_runs</c>. A run takes
/// the dataset by inserting its "running" row (a unique filtered index lets only one exist); a request that finds a run
/// going joins it: in this process by awaiting the same task, on another instance by waiting for its row to finish.
/// A running row whose heartbeat stopped (its instance died) is marked failed so the dataset is not locked forever.
/// </summary>
public sealed class LakeExports(
    LakeExporter exporter,
    IDbContextFactory<PortalDbContext> databases,
    IOptions<LakeOptions> options,
    TimeProvider clock,
    ILogger<LakeExports> logger) : ILakeExports
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);
    private readonly string _owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Lock _gate = new();
    private Task<LakeExportRunSummary>? _running;
    private volatile LakeExportProgress? _current;

    private string Dataset => options.Value.Bucket;

    public LakeExportProgress? Current => _current;

    public event Action<LakeExportProgress?>? Progressed;

    public Task<LakeExportRunSummary> RunAsync(LakeExportTrigger trigger, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_running is { IsCompleted: false } running) return running.WaitAsync(cancellationToken);
            return _running = Task.Run(() => RunOnceAsync(trigger, cancellationToken), CancellationToken.None);
        }
    }

    public async Task<LakeFreshness> FreshnessAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var runs = db.LakeExportRuns.AsNoTracking().Where(r => r.Dataset == Dataset);
        var lastSucceeded = await runs.Where(r => r.Outcome == LakeExportOutcome.Succeeded).OrderByDescending(r => r.Id).Select(r => r.FinishedAt).FirstOrDefaultAsync(cancellationToken);
        var lastRun = await runs.Where(r => r.Outcome != LakeExportOutcome.Running).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = lastSucceeded is null || now - lastSucceeded > options.Value.StaleAfter || lastRun?.Outcome == LakeExportOutcome.Failed;
        return new LakeFreshness(lastSucceeded, lastRun?.Summary(), stale);
    }

    public async Task<IReadOnlyList<LakeExportRunSummary>> RecentRunsAsync(int count, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var runs = await db.LakeExportRuns.AsNoTracking().Where(r => r.Dataset == Dataset).OrderByDescending(r => r.Id).Take(Math.Clamp(count, 1, 1000)).ToListAsync(cancellationToken);
        return runs.Select(r => r.Summary()).ToList();
    }

    private async Task<LakeExportRunSummary> RunOnceAsync(LakeExportTrigger trigger, CancellationToken cancellationToken)
    {
        LakeExportRun? run;
        while ((run = await TryClaimAsync(trigger, cancellationToken)) is null)
        {
            if (await WaitForOtherAsync(cancellationToken) is { } theirs) return theirs;
        }

        var progress = new LakeExportProgress(run.Id, null, 0, LakeExporter.TableCount, 0, 0, run.StartedAt);
        Publish(progress);
        using var activity = Telemetry.PortalTelemetry.Analytics.StartActivity("lake.export");
        activity?.SetTag("lake.export.run", run.Id);
        activity?.SetTag("lake.export.trigger", trigger.ToString());
        using var stopHeartbeat = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(run.Id, stopHeartbeat.Token);
        try
        {
            var context = await exporter.ExportAsync(run.Id, c => Publish(progress = progress with
            {
                CurrentTable = c.CurrentTable, TablesDone = c.TablesDone, Rows = c.Rows, PartitionsWritten = c.PartitionsWritten,
            }), cancellationToken);
            run.Outcome = LakeExportOutcome.Succeeded;
            run.Rows = context.Rows;
            run.PartitionsWritten = context.PartitionsWritten;
            run.PartitionsKept = context.PartitionsKept;
            run.TablesDone = context.TablesDone;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Lake export {Run} failed; the previous dataset stays published", run.Id);
            run.Outcome = LakeExportOutcome.Failed;
            run.Error = Truncate(e is OperationCanceledException ? "The export was cancelled before it published." : $"{e.GetType().Name}: {e.Message}");
            run.Rows = progress.Rows;
            run.PartitionsWritten = progress.PartitionsWritten;
            run.TablesDone = progress.TablesDone;
        }
        finally
        {
            await stopHeartbeat.CancelAsync();
            await heartbeat;
        }
        run.FinishedAt = clock.GetUtcNow().UtcDateTime;
        run.CurrentTable = null;
        activity?.SetTag("lake.export.rows", run.Rows);
        if (run.Outcome == LakeExportOutcome.Failed) activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, run.Error);
        Telemetry.AnalyticsMetrics.Exported((run.FinishedAt.Value - run.StartedAt).TotalSeconds, run.Outcome.ToString().ToLowerInvariant());
        await using (var db = await databases.CreateDbContextAsync(CancellationToken.None))
        {
            db.LakeExportRuns.Update(run);
            await db.SaveChangesAsync(CancellationToken.None);
        }
        Publish(null);
        return run.Summary();
    }

    /// <summary>Inserts this run's "running" row, or returns null when another run holds the dataset.</summary>
    private async Task<LakeExportRun?> TryClaimAsync(LakeExportTrigger trigger, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.LakeExportRuns.Where(r => r.Dataset == Dataset && r.Outcome == LakeExportOutcome.Running && r.HeartbeatAt < now - AbandonedAfter)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.Outcome, LakeExportOutcome.Failed).SetProperty(r => r.FinishedAt, now)
                .SetProperty(r => r.Error, "The instance running this export stopped before it finished."), cancellationToken);
        var run = new LakeExportRun { Dataset = Dataset, Trigger = trigger, Outcome = LakeExportOutcome.Running, Owner = _owner, StartedAt = now, HeartbeatAt = now };
        db.LakeExportRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return run;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return null;
        }
    }

    /// <summary>Waits until the run another instance holds ends; its summary, or null when it vanished (try to claim again).</summary>
    private async Task<LakeExportRunSummary?> WaitForOtherAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var theirs = await db.LakeExportRuns.AsNoTracking().Where(r => r.Dataset == Dataset && r.Outcome == LakeExportOutcome.Running).Select(r => (long?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (theirs is null) return null;
        while (true)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
            var run = await db.LakeExportRuns.AsNoTracking().SingleAsync(r => r.Id == theirs, cancellationToken);
            if (run.Outcome != LakeExportOutcome.Running) return run.Summary();
            if (run.HeartbeatAt < clock.GetUtcNow().UtcDateTime - AbandonedAfter) return null;
        }
    }

    private async Task HeartbeatAsync(long runId, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(Heartbeat, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                var progress = _current;
                await using var db = await databases.CreateDbContextAsync(stop);
                await db.LakeExportRuns.Where(r => r.Id == runId).ExecuteUpdateAsync(set => set
                    .SetProperty(r => r.HeartbeatAt, clock.GetUtcNow().UtcDateTime)
                    .SetProperty(r => r.CurrentTable, progress == null ? null : progress.CurrentTable)
                    .SetProperty(r => r.TablesDone, progress == null ? 0 : progress.TablesDone)
                    .SetProperty(r => r.Rows, progress == null ? 0 : progress.Rows)
                    .SetProperty(r => r.PartitionsWritten, progress == null ? 0 : progress.PartitionsWritten), stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
        catch (Exception e) { logger.LogWarning(e, "Lake export {Run}: heartbeat failed", runId); }
    }

    private void Publish(LakeExportProgress? progress)
    {
        _current = progress;
        try { Progressed?.Invoke(progress); }
        catch (Exception e) { logger.LogWarning(e, "A lake export progress listener failed"); }
    }

    private static string Truncate(string text) => text.Length <= 2000 ? text : text[..2000];
}
