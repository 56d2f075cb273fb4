using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;
using Portal.Engine.Identity;
using Portal.Engine.Images;
using Portal.Engine.Models;
using Portal.Engine.Models.Consent;
using Portal.Engine.Models.Datasets;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Storage;
using Portal.Tests.Engine.Models.Embeddings;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Datasets;

/// <summary>
/// <see cref="ModelDatasets"/> on one provider over a folder object store, with the real embedder (datasets only ask it
/// for its model's name). Images, photos and their embeddings are rows this suite inserts, with deterministic vectors,
/// as the embeddings worker would have stored them.
/// </summary>
public abstract class DatasetsSuite(string provider) : ProviderSuite(provider)
{
    protected static string Model => SharedEmbedder.Instance.Model;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "portal-datasets-tests-" + Guid.NewGuid().ToString("N"));
    protected readonly ModelsOptions Options = new();
    protected ModelDatasets Datasets { get; private set; } = default!;
    protected CustomerImageSpaces Spaces { get; private set; } = default!;
    protected IObjectStore Store { get; private set; } = default!;
    protected TestDatabase Database { get; private set; } = default!;

    /// <summary>The object store datasets write to: a folder store in <paramref name="root"/> unless a provider test says otherwise.</summary>
    protected virtual IObjectStore CreateStore(string root) => new FileSystemObjectStore(root);

    protected async Task ArrangeAsync()
    {
        Database = await DatabaseAsync();
        Store = CreateStore(_root);
        Spaces = new CustomerImageSpaces(Store, Microsoft.Extensions.Options.Options.Create(new ObjectStoreOptions()));
        Datasets = new ModelDatasets(new TestDbContextFactory(Database), Spaces, Microsoft.Extensions.Options.Options.Create(Options),
            TimeProvider.System, SharedEmbedder.Instance);
    }

    /// <summary>A deterministic 8-dimension vector per seed.</summary>
    protected static float[] Vector(int seed) => Enumerable.Range(0, 8).Select(i => (float)Math.Sin(seed * 7.1 + i)).ToArray();

    protected async Task<string> CustomerAsync(bool? allowTraining)
    {
        var id = Guid.NewGuid().ToString();
        await using var db = Database.NewContext();
        db.Users.Add(new PortalUser { Id = id, UserName = $"{id}@example.com", Email = $"{id}@example.com", DisplayName = "Customer" });
        if (allowTraining is { } allow) db.ImageTrainingConsents.Add(new ImageTrainingConsent { UserId = id, AllowTraining = allow, UpdatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return id;
    }

    protected async Task AllowTrainingAsync(string userId, bool allow)
    {
        await using var db = Database.NewContext();
        var consent = await db.ImageTrainingConsents.FindAsync(userId);
        if (consent is null) db.ImageTrainingConsents.Add(new ImageTrainingConsent { UserId = userId, AllowTraining = allow, UpdatedAt = DateTime.UtcNow });
        else consent.AllowTraining = allow;
        await db.SaveChangesAsync();
    }

    /// <summary>A customer image in <paramref name="status"/>, with an embedding unless <paramref name="embedded"/> is false.</summary>
    protected async Task<ImageAsset> ImageAsync(string owner, int seed, ImageStatus status = ImageStatus.Ready, bool embedded = true)
    {
        var id = Guid.NewGuid();
        var image = new ImageAsset
        {
            Id = id, OwnerUserId = owner, OriginalKey = $"originals/{id:N}.jpg", FileName = $"photo-{seed}.jpg", ContentType = "image/jpeg",
            Status = status, ThumbnailKey = status == ImageStatus.Ready ? $"renditions/{id:N}/thumb.webp" : null,
        };
        await using var db = Database.NewContext();
        db.Images.Add(image);
        if (embedded) db.ImageEmbeddings.Add(Embedding(ImageSource.Customer, image.OriginalKey, seed, imageId: id, owner: owner));
        await db.SaveChangesAsync();
        return image;
    }

    /// <summary>A catalog item with a photo in <paramref name="category"/>, with an embedding unless <paramref name="embedded"/> is false.</summary>
    protected async Task<CatalogItem> ProductAsync(string category, int seed, bool embedded = true)
    {
        var item = new CatalogItem { Sku = $"DS-{seed}-{Guid.NewGuid():N}"[..24], Name = $"Item {seed}", Category = category, Price = 10m };
        await using var db = Database.NewContext();
        db.CatalogItems.Add(item);
        await db.SaveChangesAsync();
        item.PhotoKey = CatalogPhotos.NewKey(item.Id, "png");
        if (embedded) db.ImageEmbeddings.Add(Embedding(ImageSource.Product, item.PhotoKey, seed, catalogItemId: item.Id));
        await db.SaveChangesAsync();
        return item;
    }

    private static ImageEmbedding Embedding(ImageSource source, string key, int seed, Guid? imageId = null, int? catalogItemId = null, string? owner = null) => new()
    {
        Source = source, ObjectKey = key, ImageId = imageId, CatalogItemId = catalogItemId, OwnerUserId = owner, Model = Model,
        Vector = EmbeddingVectors.Pack(Vector(seed)), CreatedAt = DateTime.UtcNow,
    };

    protected string RefOf(ImageAsset image) => new SourceRefs(Spaces).For(ImageSource.Customer, image.OriginalKey, image.OwnerUserId);
    protected string RefOf(CatalogItem item) => new SourceRefs(Spaces).For(ImageSource.Product, item.PhotoKey!, null);

    protected async Task<string> ManifestAsync(string dataset, int version)
    {
        await using var stored = await Store.GetAsync(Options.Bucket, ModelsLayout.DatasetManifest(dataset, version));
        Assert.NotNull(stored);
        using var reader = new StreamReader(stored.Content);
        return await reader.ReadToEndAsync();
    }

    protected async Task<long> ItemIdAsync(int datasetId, string objectKey)
    {
        var page = await Datasets.ItemsAsync(datasetId, new DatasetItemFilter(), 0, 1000);
        return page.Items.Single(i => i.ObjectKey == objectKey).Id;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
