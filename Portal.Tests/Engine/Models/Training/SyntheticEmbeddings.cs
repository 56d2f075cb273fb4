using Portal.Engine.Data;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Training;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Training;

/// <summary>
/// Deterministic synthetic embeddings that are learnable on purpose: each label has its own random centre in the
/// 512-dimensional space and its rows scatter around it. Real image embeddings are the embedding part's tests' job;
/// these test the training machinery with rows whose right answer is known.
/// </summary>
public static class SyntheticEmbeddings
{
    public static IReadOnlyList<LabelledEmbedding> Rows(IReadOnlyList<string> labels, int perLabel, int seed = 7, double noise = 0.6)
    {
        var random = new Random(seed);
        var centres = labels.Select(_ => Enumerable.Range(0, ModelInput.Dimensions).Select(_ => (float)random.NextDouble()).ToArray()).ToList();
        var rows = new List<LabelledEmbedding>();
        for (var i = 0; i < perLabel; i++)
            for (var l = 0; l < labels.Count; l++)
            {
                var features = centres[l].Select(c => c + (float)((random.NextDouble() - 0.5) * noise)).ToArray();
                rows.Add(new LabelledEmbedding($"s3://portal-models/synthetic/{labels[l]}/{i}.png", labels[l], features));
            }
        return rows;
    }

    public static readonly string[] Categories = ["lamps", "mugs", "posters"];
}

/// <summary>
/// The dataset versions of a test: real <see cref="DatasetVersion"/> rows in the test database (jobs point at them by
/// foreign key) and their rows kept here, served by <see cref="ReadVersionAsync"/> as the dataset part serves them from
/// the object store. Only what training reads is implemented.
/// </summary>
public sealed class InTestDatasetVersions(TestDatabase database) : IModelDatasets
{
    private readonly Dictionary<int, IReadOnlyList<LabelledEmbedding>> _rows = [];

    public async Task<DatasetVersion> AddAsync(string name, IReadOnlyList<LabelledEmbedding> rows)
    {
        await using var db = database.NewContext();
        var dataset = new ModelDataset
        {
            Name = name, Kind = DatasetKind.Labelled, LabelsJson = System.Text.Json.JsonSerializer.Serialize(rows.Select(r => r.Label).Distinct()),
            CreatedBy = "analyst", CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        };
        db.ModelDatasets.Add(dataset);
        await db.SaveChangesAsync();
        var version = new DatasetVersion
        {
            DatasetId = dataset.Id, Version = 1, ItemCount = rows.Count,
            LabelCountsJson = System.Text.Json.JsonSerializer.Serialize(rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count())),
            ManifestSha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name))),
            EmbeddingModel = "resnet18-v1", CreatedBy = "analyst", CreatedAt = DateTime.UtcNow,
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync();
        _rows[version.Id] = rows;
        return version;
    }

    public Task<IReadOnlyList<LabelledEmbedding>> ReadVersionAsync(int datasetVersionId, CancellationToken cancellationToken = default) =>
        _rows.TryGetValue(datasetVersionId, out var rows) ? Task.FromResult(rows)
            : throw new InvalidOperationException($"Dataset version {datasetVersionId} has no rows in this test.");

    /// <summary>Synthetic rows name no customer image, so no consent applies to them: all rows, none left out.</summary>
    public async Task<TrainableRows> ReadTrainableVersionAsync(int datasetVersionId, CancellationToken cancellationToken = default) =>
        new(await ReadVersionAsync(datasetVersionId, cancellationToken), 0);

    public Task<ModelDataset> EnsureProductCategoriesAsync(string by, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Training does not create datasets.");

    public Task<DatasetVersion> CreateVersionAsync(int datasetId, string by, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("Training does not create dataset versions.");
}
