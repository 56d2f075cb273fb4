namespace Portal.Engine.Models;

/// <summary>
/// Where the models feature keeps its files in the object store (bucket <c>Models:Bucket</c>). One place for every key,
/// so datasets, training, the registry and the lake agree.
/// </summary>
public static class ModelsLayout
{
    public static string DatasetPrefix(string dataset, int version) => $"datasets/{dataset}/v{version}/";

    /// <summary>SageMaker augmented manifest: one JSON object per line, <c>{"source-ref": "s3://bucket/key", "{dataset}": "label"}</c>.</summary>
    public static string DatasetManifest(string dataset, int version) => DatasetPrefix(dataset, version) + "manifest.jsonl";

    /// <summary>Parquet with columns <c>source_ref</c> (string), <c>label</c> (string), <c>features</c> (list of float).</summary>
    public static string DatasetEmbeddings(string dataset, int version) => DatasetPrefix(dataset, version) + "embeddings.parquet";

    /// <summary>An augmented manifest uploaded through the datasets page to be imported: <c>imports/{dataset}/{stamp}.jsonl</c>.</summary>
    public static string ImportUpload(string dataset, DateTime at) => $"imports/{dataset}/{at:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}.jsonl";

    /// <summary>A trained model's artifacts: <c>models/{name}/{version}/</c>.</summary>
    public static string ModelPrefix(string model, int version) => $"models/{model}/{version}/";

    /// <summary>The ML.NET model (<c>ITransformer</c> saved with its input schema, <see cref="Training.ModelInput"/>).</summary>
    public static string ModelFile(string model, int version) => ModelPrefix(model, version) + "model.zip";

    /// <summary><see cref="Training.TrainingMetrics"/> as JSON.</summary>
    public static string MetricsFile(string model, int version) => ModelPrefix(model, version) + "metrics.json";

    /// <summary>The dataset version the model was trained on, the trainer, its hyperparameters and the seed, as JSON.</summary>
    public static string TrainingFile(string model, int version) => ModelPrefix(model, version) + "training.json";

    /// <summary>The labels in the order of the model's scores, as a JSON array.</summary>
    public static string LabelsFile(string model, int version) => ModelPrefix(model, version) + "labels.json";
}
