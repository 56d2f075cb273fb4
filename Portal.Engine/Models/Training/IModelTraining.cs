namespace Portal.Engine.Models.Training;

/// <summary>Starts, cancels and reads training jobs; a background runner on any instance does the work.</summary>
public interface IModelTraining
{
    /// <summary>Validates the request (throws <see cref="ModelsException"/> naming the field) and queues the job.</summary>
    Task<TrainingJob> StartAsync(TrainingRequest request, string by, CancellationToken cancellationToken = default);

    /// <summary>Asks a queued or running job to stop; a finished job is left as it is.</summary>
    Task CancelAsync(Guid jobId, string by, CancellationToken cancellationToken = default);

    Task<TrainingJob?> FindAsync(Guid jobId, CancellationToken cancellationToken = default);

    /// <summary>Waits until the job has finished (Succeeded, Failed or Cancelled) and returns it.</summary>
    Task<TrainingJob> WaitAsync(Guid jobId, CancellationToken cancellationToken = default);
}

/// <summary>What to train: hyperparameters left out take the trainer's defaults.</summary>
public sealed record TrainingRequest(
    string ModelName,
    int DatasetVersionId,
    string Trainer,
    IReadOnlyDictionary<string, double>? Hyperparameters = null,
    int Seed = 42,
    double ValidationFraction = 0.2);
