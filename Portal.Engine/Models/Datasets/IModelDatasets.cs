namespace Portal.Engine.Models.Datasets;

/// <summary>Datasets and their frozen versions (the parts training and the demo need; the labelling view has more).</summary>
public interface IModelDatasets
{
    /// <summary>The demo dataset's name: every product photo labelled by its catalog category.</summary>
    public const string ProductCategories = "product-categories";

    /// <summary>The <see cref="ProductCategories"/> dataset, created with the catalog's categories as labels when missing.</summary>
    Task<ModelDataset> EnsureProductCategoriesAsync(string by, CancellationToken cancellationToken = default);

    /// <summary>
    /// Freezes the dataset's labelled, consented, embedded items as version n+1 and writes its manifest and embeddings
    /// to the object store (<see cref="ModelsLayout"/>). For <see cref="DatasetKind.ProductCategories"/> the items are
    /// first refreshed from the catalog. Throws <see cref="ModelsException"/> when fewer than two labels have items.
    /// </summary>
    Task<DatasetVersion> CreateVersionAsync(int datasetId, string by, CancellationToken cancellationToken = default);

    /// <summary>A version's rows as written to the object store, in manifest order.</summary>
    Task<IReadOnlyList<LabelledEmbedding>> ReadVersionAsync(int datasetVersionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// What a training job reads: the version's rows less those of customer images whose owner has withdrawn consent (or
    /// deleted the image) since the version was frozen, with how many were left out. With consent unchanged, all rows.
    /// </summary>
    Task<TrainableRows> ReadTrainableVersionAsync(int datasetVersionId, CancellationToken cancellationToken = default);
}

/// <summary>A version's rows a job may train on, and how many it had to leave out because consent was withdrawn.</summary>
public sealed record TrainableRows(IReadOnlyList<LabelledEmbedding> Rows, int WithdrawnCount);

/// <summary>One training row: the image's <c>s3://bucket/key</c> reference, its label and its embedding.</summary>
public sealed record LabelledEmbedding(string SourceRef, string Label, float[] Features);
