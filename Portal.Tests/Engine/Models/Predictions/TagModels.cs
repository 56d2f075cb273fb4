using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.ML;
using Microsoft.ML.Transforms;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Serving;
using Portal.Engine.Storage;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;
using Portal.Engine.Models.Training;
using Portal.Tests.Engine.Imaging;
using SkiaSharp;

namespace Portal.Tests.Engine.Models.Predictions;

/// <summary>
/// One ResNet18 embedder for the test process (loading the two ONNX files takes a moment). Containers get <see cref="View"/>,
/// which they cannot dispose: a bUnit context disposing its singletons would otherwise close the sessions under other tests.
/// </summary>
internal static class SharedEmbedder
{
    private static readonly Lazy<ResNet18Embedder> Lazy = new(() => new ResNet18Embedder(1));
    public static ResNet18Embedder Instance => Lazy.Value;
    public static IImageEmbedder View { get; } = new Undisposable();

    private sealed class Undisposable : IImageEmbedder
    {
        public string Model => ResNet18Embedder.ModelName;
        public int Dimensions => ResNet18Embedder.FeatureCount;
        public float[] Embed(ReadOnlySpan<byte> encodedImage) => Instance.Embed(encodedImage);
    }
}

/// <summary>Pictures of two kinds the pretrained network tells apart: reddish and bluish, each a little different.</summary>
internal static class ColourPictures
{
    public static byte[] Red(int i) => TestImages.Jpeg(TestImages.Flat(64, 64, new SKColor((byte)(200 + i * 7 % 50), (byte)(20 + i * 11 % 40), (byte)(30 + i * 5 % 30))));
    public static byte[] Blue(int i) => TestImages.Jpeg(TestImages.Flat(64, 64, new SKColor((byte)(20 + i * 11 % 40), (byte)(40 + i * 5 % 30), (byte)(200 + i * 7 % 50))));
}

/// <summary>
/// Real ML.NET multiclass models over <see cref="ModelInput"/>, trained here on ResNet18 embeddings of pictures, stored where
/// <see cref="ModelsLayout"/> says, registered as a version and deployed with the real <see cref="ModelRegistry"/>; the real
/// <see cref="EndpointPredictor"/> serves them (on <see cref="Clock"/>, so a test can let its revision check fall due).
/// </summary>
internal sealed class ColourModels(Func<PortalDbContext> newContext, IObjectStore store)
{
    private static readonly ConcurrentDictionary<string, float[]> Embedded = new();
    private readonly MutableClock _clock = new();
    private readonly ModelsOptions _options = new();

    public MutableClock Clock => _clock;

    public EndpointPredictor Predictor => _predictor ??= new EndpointPredictor(new Factory(newContext), store, Options.Create(_options), _clock,
        NullLogger<EndpointPredictor>.Instance);

    private EndpointPredictor? _predictor;

    public ModelRegistry Registry => new(new Factory(newContext), _clock);

    /// <summary>Reddish pictures as <paramref name="red"/>, bluish ones as <paramref name="blue"/>: a model the pretrained network makes easy.</summary>
    public static IEnumerable<(string Label, byte[] Picture)> Pictures(string red, string blue) =>
        Enumerable.Range(0, 6).SelectMany(i => new[] { (red, ColourPictures.Red(i)), (blue, ColourPictures.Blue(i)) });

    /// <summary>Trains a new version of <paramref name="modelName"/> on the pictures, stores it, and returns its row's id.</summary>
    public async Task<int> AddVersionAsync(string modelName, IEnumerable<(string Label, byte[] Picture)> pictures)
    {
        var examples = pictures.Select(p => new ModelInput
        {
            Label = p.Label, Features = Embedded.GetOrAdd($"{p.Picture.Length}:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(p.Picture))}",
                _ => SharedEmbedder.Instance.Embed(p.Picture)),
        }).ToList();
        var ml = new MLContext(7);
        var data = ml.Data.LoadFromEnumerable(examples);
        var model = ml.Transforms.Conversion.MapValueToKey(nameof(ModelInput.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy(nameof(ModelInput.Label), nameof(ModelInput.Features))).Fit(data);
        var labels = examples.Select(e => e.Label).Distinct().Order(StringComparer.Ordinal).ToList(); // ByValue: the scores' order

        await using var db = newContext();
        var version = (await db.ModelVersions.Where(v => v.ModelName == modelName).MaxAsync(v => (int?)v.Version) ?? 0) + 1;
        using (var file = new MemoryStream())
        {
            ml.Model.Save(model, data.Schema, file);
            file.Position = 0;
            await store.EnsureBucketAsync(_options.Bucket);
            await store.PutAsync(_options.Bucket, ModelsLayout.ModelFile(modelName, version), file, "application/zip");
        }
        var row = new ModelVersion
        {
            ModelName = modelName, Version = version, TrainingJobId = Guid.NewGuid(), DatasetVersionId = await DatasetVersionAsync(db),
            Trainer = "lbfgs-maximum-entropy", MetricsJson = "{}", LabelsJson = JsonSerializer.Serialize(labels),
            EmbeddingModel = ResNet18Embedder.ModelName, CreatedAt = DateTime.UtcNow,
        };
        db.ModelVersions.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    /// <summary>Deploys (or rolls to) the version, and lets this instance's predictor look at the endpoint again at once.</summary>
    public async Task DeployAsync(string endpoint, int modelVersionId)
    {
        await Registry.DeployAsync(endpoint, modelVersionId, "analyst@portal.local");
        _clock.Advance(EndpointPredictor.RevisionCheckInterval);
    }

    /// <summary>Rolls the endpoint back to its previous version, and lets this instance's predictor look again at once.</summary>
    public async Task RollbackAsync(string endpoint)
    {
        await Registry.RollbackAsync(endpoint, "analyst@portal.local");
        _clock.Advance(EndpointPredictor.RevisionCheckInterval);
    }

    private static async Task<int> DatasetVersionAsync(PortalDbContext db)
    {
        if (await db.DatasetVersions.Select(v => (int?)v.Id).FirstOrDefaultAsync() is { } existing) return existing;
        var dataset = new ModelDataset { Name = "colours", LabelsJson = "[]", CreatedBy = "test", Kind = DatasetKind.Labelled };
        db.ModelDatasets.Add(dataset);
        await db.SaveChangesAsync();
        var version = new DatasetVersion
        {
            DatasetId = dataset.Id, Version = 1, LabelCountsJson = "{}", ManifestSha256 = new string('0', 64),
            EmbeddingModel = ResNet18Embedder.ModelName, CreatedBy = "test",
        };
        db.DatasetVersions.Add(version);
        await db.SaveChangesAsync();
        return version.Id;
    }

    private sealed class Factory(Func<PortalDbContext> newContext) : IDbContextFactory<PortalDbContext>
    {
        public PortalDbContext CreateDbContext() => newContext();
    }
}

/// <summary>The system clock, moved on by hand when a test needs a wait to have passed.</summary>
internal sealed class MutableClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
