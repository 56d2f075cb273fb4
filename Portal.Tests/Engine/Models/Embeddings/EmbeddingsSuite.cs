using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Catalog;
using Portal.Engine.Demo;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Models;
using Portal.Engine.Models.Consent;
using Portal.Engine.Models.Embeddings;
using LakeFixture = Portal.Tests.Engine.Analytics.Lake.LakeFixture;
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
    protected ImageTrainingConsents Consents { get; private set; } = default!;

    protected async Task ArrangeEmbeddingsAsync()
    {
        await ArrangeAsync();
        var factory = new TestDbContextFactory(Database);
        Embeddings = new ImageEmbeddings(factory, SharedEmbedder.Instance, Spaces, TimeProvider.System);
        Embedding = new ImageEmbeddingHandler(factory, Embeddings, Options.Create(Settings), NullLogger<ImageEmbeddingHandler>.Instance);
        Backfill = new EmbeddingBackfill(factory, Embeddings, NullLogger<EmbeddingBackfill>.Instance);
        Consents = new ImageTrainingConsents(factory, TimeProvider.System);
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

    /// <summary>
    /// Runs the real lake export over this database into <paramref name="lake"/> and reads the published
    /// <c>image_embeddings</c> back with DuckDB: image_id, catalog_item_id, owner_key, source, embedding_model, vector.
    /// </summary>
    internal static async Task<List<LakeEmbedding>> ExportedAsync(LakeFixture lake)
    {
        var run = await lake.Exports.RunAsync(LakeExportTrigger.Manual);
        Assert.True(run.Outcome == LakeExportOutcome.Succeeded, run.Error);
        var manifest = await lake.Manifests.CurrentAsync();
        var rows = await lake.QueryAsync(manifest!, LakeTables.ImageEmbeddings.Name,
            "SELECT image_id, catalog_item_id, owner_key, source, embedding_model, vector FROM image_embeddings");
        return rows.Select(r => new LakeEmbedding(r[0] is string id ? Guid.Parse(id) : null, r[1] is int item ? item : null, r[2] as string,
            (string)r[3]!, (string)r[4]!, ((System.Collections.IEnumerable)r[5]!).Cast<float>().ToArray())).ToList();
    }
}

/// <summary>A row of the lake's <c>image_embeddings</c>.</summary>
internal sealed record LakeEmbedding(Guid? ImageId, int? CatalogItemId, string? OwnerKey, string Source, string Model, float[] Vector);
