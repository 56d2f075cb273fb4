using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.ML;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Training;
using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Models.Registry;

/// <summary>
/// Real ML.NET multiclass models over the <see cref="ModelInput"/> schema, trained here on learnable vectors (label k
/// lights up features 20k..20k+19), saved where <see cref="ModelsLayout"/> says, with their dataset and version rows.
/// </summary>
public static class TrainedModels
{
    public const string Bucket = "portal-models";
    public static readonly string[] Labels = ["bags", "lamps", "mugs"];

    /// <summary>A vector of <paramref name="label"/>'s class (seeded noise, so every call differs a little).</summary>
    public static float[] Features(int label, int seed)
    {
        var random = new Random(seed);
        var features = new float[ModelInput.Dimensions];
        for (var i = 0; i < features.Length; i++) features[i] = (float)random.NextDouble() * 0.2f;
        for (var i = 0; i < 20; i++) features[label * 20 + i] += 1f;
        return features;
    }

    /// <summary>The embedding model the portal runs (ResNet18's name), which the versions here are trained on unless a test says otherwise.</summary>
    public const string EmbeddingModel = "resnet18-v1";

    /// <summary>Trains version n+1 of <paramref name="modelName"/>, stores it and its row; returns the row.</summary>
    public static async Task<ModelVersion> AddVersionAsync(Func<PortalDbContext> newContext, IObjectStore store, string modelName = "product-category",
        bool storeFile = true, string embeddingModel = EmbeddingModel)
    {
        await using var db = newContext();
        var datasetVersionId = await DatasetVersionAsync(db);
        var version = (await db.ModelVersions.Where(v => v.ModelName == modelName).MaxAsync(v => (int?)v.Version) ?? 0) + 1;
        if (storeFile)
        {
            await store.EnsureBucketAsync(Bucket);
            using var model = new MemoryStream(Train(version));
            await store.PutAsync(Bucket, ModelsLayout.ModelFile(modelName, version), model, "application/zip");
        }
        var row = new ModelVersion
        {
            ModelName = modelName, Version = version, TrainingJobId = Guid.NewGuid(), DatasetVersionId = datasetVersionId,
            Trainer = "lbfgs-maximum-entropy", Accuracy = 0.9 + version / 100.0, MacroF1 = 0.85 + version / 100.0, MetricsJson = "{}",
            LabelsJson = JsonSerializer.Serialize(Labels), EmbeddingModel = embeddingModel, CreatedAt = DateTime.UtcNow,
        };
        db.ModelVersions.Add(row);
        await db.SaveChangesAsync();
        return row;
    }

    private static byte[] Train(int seed)
    {
        var ml = new MLContext(seed);
        var rows = Enumerable.Range(0, 90).Select(i => new ModelInput { Label = Labels[i % 3], Features = Features(i % 3, seed * 1000 + i) }).ToList();
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label", keyOrdinality: Microsoft.ML.Transforms.ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy("Label", "Features"));
        var model = pipeline.Fit(data);
        using var file = new MemoryStream();
        ml.Model.Save(model, data.Schema, file);
        return file.ToArray();
    }

    private static async Task<int> DatasetVersionAsync(PortalDbContext db)
    {
        if (await db.DatasetVersions.Select(v => (int?)v.Id).FirstOrDefaultAsync() is { } existing) return existing;
        var dataset = new ModelDataset
        {
            Name = "test-" + Guid.NewGuid().ToString("N")[..8], Kind = DatasetKind.Labelled, LabelsJson = JsonSerializer.Serialize(Labels),
            CreatedBy = "test", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.ModelDatasets.Add(dataset);
        await db.SaveChangesAsync();
        var version = new DatasetVersion
        {
            DatasetId = dataset.Id, Version = 1, ItemCount = 90, LabelCountsJson = "{}", ManifestSha256 = new string('0', 64),
            EmbeddingModel = "resnet18-v1", CreatedBy = "test", CreatedAt = DateTime.UtcNow,
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync();
        return version.Id;
    }
}
