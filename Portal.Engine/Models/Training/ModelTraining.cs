using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Models.Training;

/// <summary>
/// Training jobs as rows: a start validates the request and queues it, a cancel sets a flag (or ends a queued job at
/// once), a wait polls. The <see cref="TrainingRunner"/> of any instance does the work.
/// </summary>
public sealed class ModelTraining(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IModelTraining
{
    public static readonly TimeSpan WaitPollInterval = TimeSpan.FromMilliseconds(250);
    public const double MinValidationFraction = 0.05;
    public const double MaxValidationFraction = 0.5;

    public async Task<TrainingJob> StartAsync(TrainingRequest request, string by, CancellationToken cancellationToken = default)
    {
        if (!ModelNames.IsValid(request.ModelName))
            throw new ModelsException($"'{request.ModelName}' is not a model name: {ModelNames.Rule}.", nameof(TrainingRequest.ModelName));
        var hyperparameters = Trainers.Resolve(request.Trainer, request.Hyperparameters);
        if (!double.IsFinite(request.ValidationFraction) || request.ValidationFraction is < MinValidationFraction or > MaxValidationFraction)
            throw new ModelsException($"The validation fraction must be between {MinValidationFraction} and {MaxValidationFraction}.", nameof(TrainingRequest.ValidationFraction));

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.DatasetVersions.AnyAsync(v => v.Id == request.DatasetVersionId, cancellationToken))
            throw new ModelsException($"Dataset version {request.DatasetVersionId} does not exist.", nameof(TrainingRequest.DatasetVersionId));
        var now = clock.GetUtcNow().UtcDateTime;
        var job = new TrainingJob
        {
            Id = Guid.NewGuid(),
            ModelName = request.ModelName,
            DatasetVersionId = request.DatasetVersionId,
            Trainer = request.Trainer,
            HyperparametersJson = TrainingJobs.HyperparametersJson(hyperparameters),
            Seed = request.Seed,
            ValidationFraction = request.ValidationFraction,
            Status = TrainingJobStatus.Queued,
            Stage = "Queued",
            Log = TrainingJobs.Append("", now, $"Queued by {by}."),
            CreatedBy = by,
            CreatedAt = now,
        };
        db.TrainingJobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }

    public async Task CancelAsync(Guid jobId, string by, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var job = await db.TrainingJobs.FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || TrainingJobs.IsFinished(job.Status)) return;
        // A queued job nobody has claimed ends here; the conditional update loses to a runner that claims it meanwhile.
        var log = TrainingJobs.Append(job.Log, now, $"Cancelled by {by} before it started.");
        var ended = await db.TrainingJobs.Where(j => j.Id == jobId && j.Status == TrainingJobStatus.Queued)
            .ExecuteUpdateAsync(set => set
                .SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
                .SetProperty(j => j.CancelRequested, true)
                .SetProperty(j => j.Stage, "Cancelled")
                .SetProperty(j => j.Log, log)
                .SetProperty(j => j.EndedAt, now), cancellationToken);
        if (ended == 0)
            await db.TrainingJobs.Where(j => j.Id == jobId && j.Status == TrainingJobStatus.Running)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.CancelRequested, true), cancellationToken);
    }

    public async Task<TrainingJob?> FindAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.TrainingJobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    public async Task<TrainingJob> WaitAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var job = await FindAsync(jobId, cancellationToken) ?? throw new ModelsException($"Training job {jobId} does not exist.");
            if (TrainingJobs.IsFinished(job.Status)) return job;
            await Task.Delay(WaitPollInterval, clock, cancellationToken);
        }
    }
}
