using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Models;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Training;
using Portal.Engine.Storage;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Training;

public sealed class SqliteTrainingOnDatasetVersionTests() : TrainingOnDatasetVersionTests(DatabaseOptions.Sqlite);

public sealed class PostgresTrainingOnDatasetVersionTests() : TrainingOnDatasetVersionTests(DatabaseOptions.Postgres);

/// <summary>
/// Training end to end on a dataset version the datasets part froze (the product-categories dataset: catalog items with
/// photos and stored embeddings, written as manifest and Parquet to the folder store and read back by ReadVersionAsync).
/// </summary>
public abstract class TrainingOnDatasetVersionTests(string provider) : ProviderSuite(provider)
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-training-dataset-tests-" + Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    public override async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        await base.DisposeAsync();
    }

    private async Task<TestDatabase> ArrangeAsync()
    {
        var database = await DatabaseAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IDbContextFactory<PortalDbContext>>(new TestDbContextFactory(database));
        services.AddSingleton<IObjectStore>(new FileSystemObjectStore(_root));
        services.AddSingleton(sp => new CustomerImageSpaces(sp.GetRequiredService<IObjectStore>(), Microsoft.Extensions.Options.Options.Create(new ObjectStoreOptions())));
        services.AddSingleton<IImageEmbedder, SyntheticEmbedderIdentity>();
        services.AddOptions<ModelsOptions>();
        services.AddModelDatasets();
        services.AddModelTraining();
        _services = services.BuildServiceProvider();
        return database;
    }

    /// <summary>Catalog items with photos and stored vectors: the synthetic rows, 3 labels of <paramref name="perLabel"/>.</summary>
    private static async Task ProductPhotosAsync(TestDatabase database, int perLabel)
    {
        await using (var db = database.NewContext())
        {
            foreach (var row in SyntheticEmbeddings.Rows(SyntheticEmbeddings.Categories, perLabel))
            {
                var item = new CatalogItem { Sku = $"TR-{Guid.NewGuid():N}"[..20], Name = row.SourceRef, Category = row.Label, Price = 10m };
                db.CatalogItems.Add(item);
                await db.SaveChangesAsync();
                item.PhotoKey = CatalogPhotos.NewKey(item.Id, "png");
                db.ImageEmbeddings.Add(new ImageEmbedding
                {
                    Source = ImageSource.Product, ObjectKey = item.PhotoKey, CatalogItemId = item.Id, Model = SyntheticEmbedderIdentity.ModelName,
                    Vector = EmbeddingVectors.Pack(row.Features), CreatedAt = DateTime.UtcNow,
                });
                await db.SaveChangesAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_job_on_a_frozen_product_categories_version_succeeds_and_records_that_version()
    {
        var database = await ArrangeAsync();
        await ProductPhotosAsync(database, perLabel: 12);
        var datasets = _services!.GetRequiredService<IModelDatasets>();
        var dataset = await datasets.EnsureProductCategoriesAsync("analyst");
        var version = await datasets.CreateVersionAsync(dataset.Id, "analyst");
        var training = _services!.GetRequiredService<IModelTraining>();

        var job = await training.StartAsync(new TrainingRequest("product-category", version.Id, Trainers.LbfgsMaximumEntropy, Seed: 7), "analyst");
        await _services.GetRequiredService<TrainingRunner>().RunOnceAsync();

        var done = await training.WaitAsync(job.Id);
        Assert.True(done.Status == TrainingJobStatus.Succeeded, done.Error);
        await using var check = database.NewContext();
        var model = await check.ModelVersions.SingleAsync();
        Assert.True(model.Accuracy >= 0.9, $"accuracy {model.Accuracy}");
        Assert.Equal(SyntheticEmbedderIdentity.ModelName, model.EmbeddingModel);
        var store = _services.GetRequiredService<IObjectStore>();
        await using var stored = (await store.GetAsync(new ModelsOptions().Bucket, ModelsLayout.TrainingFile("product-category", 1)))!;
        using var record = await JsonDocument.ParseAsync(stored.Content);
        Assert.Equal(version.ManifestSha256, record.RootElement.GetProperty("manifestSha256").GetString());
        Assert.Equal(IModelDatasets.ProductCategories, record.RootElement.GetProperty("datasetName").GetString());
        Assert.Equal(36, record.RootElement.GetProperty("trainCount").GetInt32() + record.RootElement.GetProperty("validationCount").GetInt32());
        Assert.Equal(0, record.RootElement.GetProperty("consentWithdrawnCount").GetInt32());
    }

    [SkippableFact]
    public async Task Images_whose_owner_withdrew_consent_after_the_version_was_frozen_are_not_in_the_job_s_training_set()
    {
        var database = await ArrangeAsync();
        await ProductPhotosAsync(database, perLabel: 12);
        var (owner, images) = await ConsentingCustomerAsync(database, "lamps", count: 3);
        var datasets = _services!.GetRequiredService<ModelDatasets>();
        var dataset = await datasets.CreateAsync("mixed", null, SyntheticEmbeddings.Categories, "analyst");
        await datasets.AddProductPhotosAsync(dataset.Id, await datasets.CatalogItemsWithPhotosAsync());
        await datasets.AddCustomerImagesAsync(dataset.Id, images);
        await using (var db = database.NewContext())
        {
            var categories = await db.CatalogItems.ToDictionaryAsync(c => c.Id, c => c.Category);
            foreach (var item in (await datasets.ItemsAsync(dataset.Id, new DatasetItemFilter(), 0, 1000)).Items)
                await datasets.SetLabelAsync(dataset.Id, item.Id, item.CatalogItemId is { } id ? categories[id] : "lamps", "analyst");
        }
        var version = await datasets.CreateVersionAsync(dataset.Id, "analyst");
        Assert.Equal(39, version.ItemCount);

        await new Portal.Engine.Models.Consent.ImageTrainingConsents(new TestDbContextFactory(database), TimeProvider.System).SetAsync(owner, false);
        var training = _services!.GetRequiredService<IModelTraining>();
        var job = await training.StartAsync(new TrainingRequest("mixed-model", version.Id, Trainers.LbfgsMaximumEntropy, Seed: 7), "analyst");
        await _services.GetRequiredService<TrainingRunner>().RunOnceAsync();

        var done = await training.WaitAsync(job.Id);
        Assert.True(done.Status == TrainingJobStatus.Succeeded, done.Error);
        Assert.Contains("Left out 3 of the version's rows: their owners no longer allow training", done.Log);
        var trainable = await datasets.ReadTrainableVersionAsync(version.Id);
        Assert.Equal((36, 3), (trainable.Rows.Count, trainable.WithdrawnCount));
        Assert.DoesNotContain(trainable.Rows, r => images.Any(id => r.SourceRef.Contains(id.ToString("N"), StringComparison.Ordinal)));
        var store = _services.GetRequiredService<IObjectStore>();
        await using var stored = (await store.GetAsync(new ModelsOptions().Bucket, ModelsLayout.TrainingFile("mixed-model", 1)))!;
        using var record = await JsonDocument.ParseAsync(stored.Content);
        Assert.Equal(36, record.RootElement.GetProperty("trainCount").GetInt32() + record.RootElement.GetProperty("validationCount").GetInt32());
        Assert.Equal(3, record.RootElement.GetProperty("consentWithdrawnCount").GetInt32());
        await using var check = database.NewContext();
        Assert.Equal(3, TrainingArtifacts.ReadMetrics((await check.ModelVersions.SingleAsync()).MetricsJson)!.ConsentWithdrawnCount);
    }

    /// <summary>A customer who allows training, with <paramref name="count"/> Ready images embedded near <paramref name="label"/>'s rows.</summary>
    private static async Task<(string Owner, Guid[] Images)> ConsentingCustomerAsync(TestDatabase database, string label, int count)
    {
        var owner = Guid.NewGuid().ToString();
        var like = SyntheticEmbeddings.Rows(SyntheticEmbeddings.Categories, count, seed: 11).Where(r => r.Label == label).ToList();
        await using var db = database.NewContext();
        db.Users.Add(new Portal.Engine.Identity.PortalUser { Id = owner, UserName = $"{owner}@example.com", Email = $"{owner}@example.com", DisplayName = "Customer" });
        db.ImageTrainingConsents.Add(new Portal.Engine.Models.Consent.ImageTrainingConsent { UserId = owner, AllowTraining = true, UpdatedAt = DateTime.UtcNow });
        var ids = new Guid[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.NewGuid();
            var key = $"originals/{ids[i]:N}.jpg";
            db.Images.Add(new Portal.Engine.Images.ImageAsset
            {
                Id = ids[i], OwnerUserId = owner, OriginalKey = key, FileName = $"lamp-{i}.jpg", ContentType = "image/jpeg",
                Status = Portal.Engine.Images.ImageStatus.Ready,
            });
            db.ImageEmbeddings.Add(new ImageEmbedding
            {
                Source = ImageSource.Customer, ObjectKey = key, ImageId = ids[i], OwnerUserId = owner, Model = SyntheticEmbedderIdentity.ModelName,
                Vector = EmbeddingVectors.Pack(like[i].Features), CreatedAt = DateTime.UtcNow,
            });
        }
        await db.SaveChangesAsync();
        return (owner, ids);
    }
}

/// <summary>The embedder's identity only (model name and size): the vectors are stored rows, no image is embedded here.</summary>
public sealed class SyntheticEmbedderIdentity : IImageEmbedder
{
    public const string ModelName = "synthetic-512";
    public string Model => ModelName;
    public int Dimensions => ModelInput.Dimensions;
    public float[] Embed(ReadOnlySpan<byte> encodedImage) => throw new NotSupportedException("These tests store vectors; they embed no image.");
}
