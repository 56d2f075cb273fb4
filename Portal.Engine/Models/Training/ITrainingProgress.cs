namespace Portal.Engine.Models.Training;

/// <summary>Where a running job reports its steps; each report is also the point where a cancel is noticed.</summary>
public interface ITrainingProgress
{
    /// <summary>Records progress (0-1), the stage and a log line; throws <see cref="TrainingCancelledException"/> when a cancel was asked for.</summary>
    Task StepAsync(double progress, string stage, string logLine, CancellationToken cancellationToken);

    /// <summary>Adds a log line without changing the stage.</summary>
    Task LogAsync(string logLine, CancellationToken cancellationToken);
}

/// <summary>The job was asked to stop; the runner marks it Cancelled.</summary>
public sealed class TrainingCancelledException() : Exception("The training job was cancelled.");
