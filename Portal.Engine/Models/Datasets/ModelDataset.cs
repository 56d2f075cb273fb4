namespace Portal.Engine.Models.Datasets;

/// <summary>How a dataset's items and labels came to be.</summary>
public enum DatasetKind
{
    /// <summary>Every product photo labelled by its item's catalog category (the demo task; rebuilt from the catalog on each new version).</summary>
    ProductCategories,
    /// <summary>Images picked and labelled by an analyst in the labelling view.</summary>
    Labelled,
    /// <summary>Imported from a SageMaker augmented manifest (JSON lines with <c>source-ref</c> and a label attribute) in the object store.</summary>
    Imported,
}

/// <summary>A labelled set of images an analyst trains on (table <c>model_datasets</c>); its frozen snapshots are <see cref="DatasetVersion"/>s.</summary>
public class ModelDataset
{
    public const int MaxNameLength = 80;

    public int Id { get; set; }
    /// <summary>1-80 characters of letters, digits, '-' and '_', unique: it names the dataset's folder in the object store.</summary>
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DatasetKind Kind { get; set; }
    /// <summary>The labels an item may take, in order, as a JSON array of strings (the labelling view's shortcuts are 1-9 in this order).</summary>
    public required string LabelsJson { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public List<DatasetItem> Items { get; set; } = [];
}

/// <summary>An image in a dataset and its label (null: not labelled yet, left out of versions). Table <c>model_dataset_items</c>.</summary>
public class DatasetItem
{
    public long Id { get; set; }
    public int DatasetId { get; set; }
    public Embeddings.ImageSource Source { get; set; }
    public required string ObjectKey { get; set; }
    public Guid? ImageId { get; set; }
    public int? CatalogItemId { get; set; }
    public string? OwnerUserId { get; set; }
    public string? Label { get; set; }
    public string? LabelledBy { get; set; }
    public DateTime? LabelledAt { get; set; }
}

/// <summary>
/// A frozen, reproducible snapshot of a dataset (table <c>model_dataset_versions</c>): the labelled items whose owners
/// allowed training at that moment, written to the object store as <see cref="ModelsLayout.DatasetManifest"/> (SageMaker's
/// augmented-manifest JSON lines) and <see cref="ModelsLayout.DatasetEmbeddings"/> (Parquet: key, label, vector).
/// A training job names a version, never the live dataset, so the same version and seed give the same metrics.
/// </summary>
public class DatasetVersion
{
    public int Id { get; set; }
    public int DatasetId { get; set; }
    /// <summary>1, 2, ... per dataset.</summary>
    public int Version { get; set; }
    public int ItemCount { get; set; }
    /// <summary>Items per label, as a JSON object.</summary>
    public required string LabelCountsJson { get; set; }
    /// <summary>Labelled items left out because their owner has not allowed training, or because they have no embedding yet.</summary>
    public int ExcludedCount { get; set; }
    /// <summary>SHA-256 (hex) of the manifest file: the version's identity in metrics and model artifacts.</summary>
    public required string ManifestSha256 { get; set; }
    /// <summary>The embedding model the vectors came from.</summary>
    public required string EmbeddingModel { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
}
