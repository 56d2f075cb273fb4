using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Parquet.Serialization;
using Portal.Engine.Catalog;
using Portal.Engine.Demo;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Models;
using Portal.Engine.Models.Embeddings;
using Portal.Tests.Engine.Images;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Models.Embeddings;

/// <summary>
/// The embeddings store, the worker's handler and the backfill on one provider, over a folder object store and the real
/// ResNet18 network: customer images go in through the image library, product photos through the catalog space.
/// </summary>
public abstract class EmbeddingsSuite(string provider) : ImageWorkerSuite(provider)
{
    protected readonly ModelsOptions Settings = new() { Bucket = "test-models" };
    protected ImageEmbeddings Embeddings { get; private set; } = default!;
    protected ImageEmbeddingHandler Embedding { get; private set; } = default!;
    protected EmbeddingBackfill Backfill { get; private set; } = default!;

    protected async Task ArrangeEmbeddingsAsync()
    {
        await ArrangeAsync();
        var factory = new TestDbContextFactory(Database);
        Embeddings = new ImageEmbeddings(factory, SharedEmbedder.Instance, Spaces, TimeProvider.System);
        var parquet = new EmbeddingsParquet(Spaces.Store, Options.Create(Settings), TimeProvider.System);
        Embedding = new ImageEmbeddingHandler(factory, Embeddings, parquet, Options.Create(Settings), NullLogger<ImageEmbeddingHandler>.Instance);
        Backfill = new EmbeddingBackfill(factory, Embeddings, parquet, NullLogger<EmbeddingBackfill>.Instance);
    }

    /// <summary>Invokes the embedding handler with every event in the outbox after <paramref name="after"/> (images and catalog), as the worker would.</summary>
    protected async Task<BatchResponse> EmbedOutboxAsync(long after = 0)
    {
        await using var db = Database.NewContext();
        var records = (await OutboxBatches.RecordsAsync(db, after))
            .Where(r => Embedding.Families.Contains(r.Envelope.Family)).ToList();
        return await Embedding.HandleAsync(new EventBatch(records), CancellationToken.None);
    }

    /// <summary>A catalog item with a composed demo photo in the catalog space, and its CatalogItemChanged in the outbox.</summary>
    protected async Task<(int Id, string PhotoKey)> AddProductAsync(string category, string noun, int variation)
    {
        var key = await PutPhotoAsync(category, noun, variation, 0);
        await using var db = Database.NewContext();
        var item = new CatalogItem { Sku = $"T-{Guid.NewGuid():N}"[..20], Name = noun, Category = category, PhotoKey = key };
        db.CatalogItems.Add(item);
        await db.SaveChangesAsync();
        var fixedKey = await PutPhotoAsync(category, noun, variation, item.Id);
        item.PhotoKey = fixedKey;
        Portal.Engine.Messaging.OutboxWriter.Enqueue(db, new CatalogItemChanged(item.Id, CatalogChange.Created, "test"), DateTime.UtcNow);
        await db.SaveChangesAsync();
        await Spaces.For(CatalogPhotos.Space).DeleteAsync(key);
        return (item.Id, fixedKey);
    }

    /// <summary>Replaces the item's photo (a new key, as CatalogService does) with its event.</summary>
    protected async Task<string> ReplacePhotoAsync(int itemId, string category, string noun, int variation)
    {
        var key = await PutPhotoAsync(category, noun, variation, itemId);
        await using var db = Database.NewContext();
        var item = await db.CatalogItems.SingleAsync(i => i.Id == itemId);
        item.PhotoKey = key;
        Portal.Engine.Messaging.OutboxWriter.Enqueue(db, new CatalogItemChanged(itemId, CatalogChange.Updated, "test"), DateTime.UtcNow);
        await db.SaveChangesAsync();
        return key;
    }

    private async Task<string> PutPhotoAsync(string category, string noun, int variation, int itemId)
    {
        var key = CatalogPhotos.NewKey(itemId, "jpg");
        await Spaces.For(CatalogPhotos.Space).PutAsync(key, new MemoryStream(DemoPhotoComposer.ComposeJpeg(category, noun, variation)), "image/jpeg");
        return key;
    }

    protected async Task<List<Portal.Engine.Models.Embeddings.ImageEmbedding>> RowsAsync()
    {
        await using var db = Database.NewContext();
        return await db.ImageEmbeddings.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    /// <summary>Every row of every Parquet part under the embeddings prefix, read back with Parquet.Net.</summary>
    protected async Task<(int Parts, List<EmbeddingsParquet.Row> Rows)> ParquetAsync()
    {
        var listing = await Spaces.Store.ListAsync(Settings.Bucket, ModelsLayout.EmbeddingsPrefix(ResNet18Embedder.ModelName));
        var rows = new List<EmbeddingsParquet.Row>();
        foreach (var part in listing.Objects)
        {
            await using var stored = await Spaces.Store.GetAsync(Settings.Bucket, part.Key);
            using var copy = new MemoryStream();
            await stored!.Content.CopyToAsync(copy);
            copy.Position = 0;
            rows.AddRange((await ParquetSerializer.DeserializeAsync<EmbeddingsParquet.Row>(copy)).Data);
        }
        return (listing.Objects.Count, rows);
    }
}
