namespace Portal.Engine.Models.Training;

public enum TrainingJobStatus
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
}

/// <summary>
/// A background training run (table <c>model_training_jobs</c>), like SageMaker's CreateTrainingJob: a dataset version,
/// a trainer with its hyperparameters, a seeded stratified split. Any instance's runner may take a queued job (a lease
/// with heartbeat, as the outbox relay does), so it survives a page reload and a restart; progress and log lines are
/// written as it goes; a cancel is a flag the runner checks between steps.
/// </summary>
public class TrainingJob
{
    public const int MaxModelNameLength = 63;

    public Guid Id { get; set; }
    /// <summary>The model the result becomes a version of: <see cref="ModelNames.Rule"/> (checked by <see cref="ModelNames.IsValid"/>).</summary>
    public required string ModelName { get; set; }
    public int DatasetVersionId { get; set; }
    /// <summary>A <see cref="Trainers"/> name, e.g. <c>lbfgs-maximum-entropy</c>.</summary>
    public required string Trainer { get; set; }
    /// <summary>The trainer's hyperparameters as a JSON object of numbers (validated against <see cref="Trainers"/> before the job is queued).</summary>
    public required string HyperparametersJson { get; set; }
    public int Seed { get; set; }
    /// <summary>Share of each label held out for validation, 0.05-0.5.</summary>
    public double ValidationFraction { get; set; }
    public TrainingJobStatus Status { get; set; }
    /// <summary>0-1.</summary>
    public double Progress { get; set; }
    /// <summary>What the job is doing now, e.g. "Training (3 of 4)".</summary>
    public string? Stage { get; set; }
    /// <summary>The job's log, one line each, newest last (kept to the last few hundred lines).</summary>
    public string Log { get; set; } = "";
    public string? Error { get; set; }
    public bool CancelRequested { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    /// <summary>The model version the job produced, once it succeeded.</summary>
    public int? ModelVersionId { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
}

/// <summary>
/// Model names: lower-case like SageMaker's resource names as people write them, since a name is also a folder in the
/// object store (<c>models/{name}/{version}/</c>) where <c>Lamps</c> and <c>lamps</c> would be two models.
/// </summary>
public static partial class ModelNames
{
    public const string Rule = "1-63 of a-z, 0-9 and '-', starting with a letter, no '--' and no '-' at the end (lower case only)";

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z](-?[a-z0-9]){0,62}$")]
    private static partial System.Text.RegularExpressions.Regex Pattern();

    public static bool IsValid(string? name) => name is not null && Pattern().IsMatch(name);
}
