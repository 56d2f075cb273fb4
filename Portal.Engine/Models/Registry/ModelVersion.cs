namespace Portal.Engine.Models.Registry;

/// <summary>A trained model (table <c>model_versions</c>): version n of a named model, its metrics, and where its artifacts are.</summary>
public class ModelVersion
{
    public int Id { get; set; }
    public required string ModelName { get; set; }
    /// <summary>1, 2, ... per model name.</summary>
    public int Version { get; set; }
    public Guid TrainingJobId { get; set; }
    public int DatasetVersionId { get; set; }
    public required string Trainer { get; set; }
    public double Accuracy { get; set; }
    public double MacroF1 { get; set; }
    /// <summary><see cref="Training.TrainingMetrics"/> as JSON (the same as the artifact <c>metrics.json</c>).</summary>
    public required string MetricsJson { get; set; }
    /// <summary>The labels in score order, as a JSON array.</summary>
    public required string LabelsJson { get; set; }
    /// <summary>The embedding model its inputs must come from.</summary>
    public required string EmbeddingModel { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// A named endpoint serving one model version (table <c>model_endpoints</c>), as a SageMaker endpoint does. Deploying
/// sets <see cref="ModelVersionId"/> and keeps the one before in <see cref="PreviousModelVersionId"/> for a rollback;
/// <see cref="Revision"/> rises on every change so each instance's serving cache notices.
/// </summary>
public class ModelEndpoint
{
    public const int MaxNameLength = 63;

    public int Id { get; set; }
    /// <summary>1-63 of a-z, A-Z, 0-9 and '-' (SageMaker's endpoint name rule), unique.</summary>
    public required string Name { get; set; }
    public int ModelVersionId { get; set; }
    public int? PreviousModelVersionId { get; set; }
    public long Revision { get; set; }
    public required string UpdatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
