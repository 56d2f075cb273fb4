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

    [SkippableFact]
    public async Task A_job_on_a_frozen_product_categories_version_succeeds_and_records_that_version()
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

        await using (var db = database.NewContext())
        {
            foreach (var row in SyntheticEmbeddings.Rows(SyntheticEmbeddings.Categories, perLabel: 12))
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
        var datasets = _services.GetRequiredService<IModelDatasets>();
        var dataset = await datasets.EnsureProductCategoriesAsync("analyst");
        var version = await datasets.CreateVersionAsync(dataset.Id, "analyst");
        var training = _services.GetRequiredService<IModelTraining>();

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
