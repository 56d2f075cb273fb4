using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;

namespace Portal.Engine.Models.Training;

/// <summary>
/// Runs training jobs on every instance. A runner claims the oldest queued job - or a running one whose lease expired
/// because its runner died - with one conditional UPDATE of its lease (only one of two racing runners changes the row),
/// renews the lease while it works, and writes progress, stage and log lines as it goes. Every write is conditional on
/// still holding the lease, so a runner that lost its job to another stops instead of overwriting it.
/// </summary>
public sealed class TrainingRunner(
    IDbContextFactory<PortalDbContext> dbFactory, IServiceScopeFactory scopes, IOptions<ModelsOptions> options,
    TimeProvider clock, ILogger<TrainingRunner> logger) : BackgroundService
{
    /// <summary>Who this runner is in a job's lease: host, process and a random instance id.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private ModelsOptions Settings => options.Value;
    private IDbContextFactory<PortalDbContext> Db => dbFactory;
    private ILogger Logger => logger;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            Guid? ran = null;
            try
            {
                ran = await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Training runner {Owner} could not read the jobs", Owner);
            }
            if (ran is not null) continue;
            try { await Task.Delay(Settings.TrainingPollInterval, clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>Claims and runs one job to its end; the job's id, or null when there was none to claim. Tests drive this directly.</summary>
    public async Task<Guid?> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var (job, takenOver) = await ClaimAsync(cancellationToken);
        if (job is null) return null;
        await RunAsync(job, takenOver, cancellationToken);
        return job.Id;
    }

    private async Task<(TrainingJob? Job, bool TakenOver)> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var candidates = await db.TrainingJobs.AsNoTracking()
            .Where(j => j.Status == TrainingJobStatus.Queued || (j.Status == TrainingJobStatus.Running && j.LeaseExpiresAt < now))
            .OrderBy(j => j.CreatedAt).Select(j => new { j.Id, j.Status }).Take(5).ToListAsync(cancellationToken);
        foreach (var (id, status) in candidates.Select(c => (c.Id, c.Status)))
        {
            var until = now + Settings.TrainingLease;
            var owner = Owner;
            var claimed = await db.TrainingJobs
                .Where(j => j.Id == id && (j.Status == TrainingJobStatus.Queued || (j.Status == TrainingJobStatus.Running && j.LeaseExpiresAt < now)))
                .ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, TrainingJobStatus.Running)
                    .SetProperty(j => j.LeaseOwner, owner)
                    .SetProperty(j => j.LeaseExpiresAt, until)
                    .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now), cancellationToken) == 1;
            if (claimed) return (await db.TrainingJobs.AsNoTracking().FirstAsync(j => j.Id == id, cancellationToken), status == TrainingJobStatus.Running);
        }
        return (null, false);
    }

    private async Task RunAsync(TrainingJob job, bool takenOver, CancellationToken stoppingToken)
    {
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var progress = new JobProgress(this, job);
        using var heartbeat = new CancellationTokenSource();
        var beating = HeartbeatAsync(job.Id, lost, heartbeat.Token);
        try
        {
            await progress.StepAsync(0.01, "Starting", takenOver ? $"Taken over by {Owner} after the previous runner's lease expired." : $"Running on {Owner}.", lost.Token);
            await using var scope = scopes.CreateAsyncScope();
            var trainer = scope.ServiceProvider.GetRequiredService<ModelTrainer>();
            var version = await trainer.RunAsync(job, progress, lost.Token);
            await progress.FinishAsync(TrainingJobStatus.Succeeded, null, version.Id,
                $"Succeeded: {job.ModelName} version {version.Version}, accuracy {version.Accuracy:0.000}, macro F1 {version.MacroF1:0.000}.");
        }
        catch (TrainingCancelledException)
        {
            await progress.FinishAsync(TrainingJobStatus.Cancelled, null, null, "Cancelled.");
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await progress.ReleaseAsync();
        }
        catch (LeaseLostException)
        {
            logger.LogWarning("Training runner {Owner} lost job {Job} to another runner", Owner, job.Id);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            logger.LogWarning("Training runner {Owner} lost job {Job}'s lease", Owner, job.Id);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Training job {Job} failed", job.Id);
            var reason = e is ModelsException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await progress.FinishAsync(TrainingJobStatus.Failed, reason.Length > 4000 ? reason[..4000] : reason, null, $"Failed: {reason}");
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
        }
    }

    /// <summary>Renews the lease every third of it; when the row is no longer this runner's, cancels the job's work.</summary>
    private async Task HeartbeatAsync(Guid jobId, CancellationTokenSource lost, CancellationToken stop)
    {
        var owner = Owner;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(Settings.TrainingLease / 3, clock, stop);
                await using var db = await dbFactory.CreateDbContextAsync(stop);
                var until = Now + Settings.TrainingLease;
                var held = await db.TrainingJobs.Where(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == TrainingJobStatus.Running)
                    .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseExpiresAt, until), stop) == 1;
                if (!held) { await lost.CancelAsync(); return; }
            }
            catch (OperationCanceledException) { return; }
            catch (Exception e) { logger.LogWarning(e, "Training runner {Owner} could not renew the lease of job {Job}", owner, jobId); }
        }
    }

    private sealed class LeaseLostException() : Exception("Another runner holds the job's lease.");

    /// <summary>The job's row as this runner writes it: every update on condition of still holding the lease.</summary>
    private sealed class JobProgress(TrainingRunner runner, TrainingJob job) : ITrainingProgress
    {
        private string _log = job.Log;

        public async Task StepAsync(double progress, string stage, string logLine, CancellationToken cancellationToken)
        {
            var cancel = await WriteAsync(progress, stage, logLine, cancellationToken);
            if (cancel) throw new TrainingCancelledException();
        }

        public async Task LogAsync(string logLine, CancellationToken cancellationToken) =>
            await WriteAsync(null, null, logLine, cancellationToken);

        private async Task<bool> WriteAsync(double? progress, string? stage, string logLine, CancellationToken cancellationToken)
        {
            _log = TrainingJobs.Append(_log, runner.Now, logLine);
            var log = _log;
            var owner = runner.Owner;
            await using var db = await runner.Db.CreateDbContextAsync(cancellationToken);
            var written = await db.TrainingJobs.Where(j => j.Id == job.Id && j.LeaseOwner == owner && j.Status == TrainingJobStatus.Running)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Progress, j => progress ?? j.Progress)
                    .SetProperty(j => j.Stage, j => stage ?? j.Stage)
                    .SetProperty(j => j.Log, log), cancellationToken);
            if (written == 0) throw new LeaseLostException();
            return await db.TrainingJobs.Where(j => j.Id == job.Id).Select(j => j.CancelRequested).FirstAsync(cancellationToken);
        }

        public async Task FinishAsync(TrainingJobStatus status, string? error, int? modelVersionId, string logLine)
        {
            var now = runner.Now;
            _log = TrainingJobs.Append(_log, now, logLine);
            var log = _log;
            var owner = runner.Owner;
            await using var db = await runner.Db.CreateDbContextAsync();
            await db.TrainingJobs.Where(j => j.Id == job.Id && j.LeaseOwner == owner && j.Status == TrainingJobStatus.Running)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(j => j.Status, status)
                    .SetProperty(j => j.Progress, j => status == TrainingJobStatus.Succeeded ? 1 : j.Progress)
                    .SetProperty(j => j.Stage, status.ToString())
                    .SetProperty(j => j.Error, error)
                    .SetProperty(j => j.ModelVersionId, modelVersionId)
                    .SetProperty(j => j.Log, log)
                    .SetProperty(j => j.LeaseOwner, (string?)null)
                    .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null)
                    .SetProperty(j => j.EndedAt, now));
        }

        /// <summary>On shutdown: the job stays Running with an expired lease, so another instance takes it over at once.</summary>
        public async Task ReleaseAsync()
        {
            try
            {
                var owner = runner.Owner;
                var expired = runner.Now.AddSeconds(-1);
                await using var db = await runner.Db.CreateDbContextAsync();
                await db.TrainingJobs.Where(j => j.Id == job.Id && j.LeaseOwner == owner)
                    .ExecuteUpdateAsync(set => set.SetProperty(j => j.LeaseExpiresAt, expired));
            }
            catch (Exception e)
            {
                runner.Logger.LogWarning(e, "Training runner could not release job {Job}; it is taken over when its lease expires", job.Id);
            }
        }
    }
}
