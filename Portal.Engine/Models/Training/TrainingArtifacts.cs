using System.Text.Json;

namespace Portal.Engine.Models.Training;

/// <summary>What <c>training.json</c> holds: enough to repeat the run (dataset version and its manifest's hash, trainer, hyperparameters, seed, split).</summary>
public sealed record TrainingRecord(
    Guid TrainingJobId,
    string ModelName,
    int ModelVersion,
    int DatasetVersionId,
    string DatasetName,
    int DatasetVersion,
    string ManifestSha256,
    string EmbeddingModel,
    string Trainer,
    IReadOnlyDictionary<string, double> Hyperparameters,
    int Seed,
    double ValidationFraction,
    int TrainCount,
    int ValidationCount,
    int ConsentWithdrawnCount);

/// <summary>The JSON form of the artifacts (web defaults: camelCase), shared by the writer and readers.</summary>
public static class TrainingArtifacts
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public static TrainingMetrics? ReadMetrics(string json) => JsonSerializer.Deserialize<TrainingMetrics>(json, Json);
}
