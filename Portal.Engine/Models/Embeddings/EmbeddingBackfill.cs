using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;
using Portal.Engine.Images;

namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// Embeds every customer image and product photo that has no vector of the current model yet (images that predate the
/// worker's handler, or whose events it never saw), in batches, with progress logged (the lake export copies the vectors).
/// Idempotent: what has a vector is not listed, and a vector stored meanwhile by the worker is found, not stored twice. Images that cannot be embedded (not an image, gone) are skipped and counted. It first
/// prunes vectors whose image is gone or whose photo was replaced (a deletion that raced a backfill, say), so a run leaves
/// the table matching the images.
/// </summary>
public sealed class EmbeddingBackfill(IDbContextFactory<PortalDbContext> dbFactory, ImageEmbeddings embeddings, ILogger<EmbeddingBackfill> log)
{
    public const int DefaultBatchSize = 64;

    /// <summary>Runs once; <paramref name="progress"/> hears the total as soon as it is known and the counts after each batch.</summary>
    public async Task<BackfillResult> RunAsync(int batchSize = DefaultBatchSize, Action<BackfillStep>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var pruned = await PruneAsync(cancellationToken);
        if (pruned > 0) log.LogInformation("Embedding backfill: pruned {Count} vectors of deleted images or replaced photos", pruned);
        var missing = await MissingAsync(cancellationToken);
        progress?.Invoke(new BackfillStep(0, missing.Count, 0));
        if (missing.Count == 0) return new BackfillResult(0, 0, 0, pruned);
        log.LogInformation("Embedding backfill: {Count} images have no {Model} vector yet", missing.Count, embeddings.Model);
        int embedded = 0, skipped = 0, done = 0;
        foreach (var batch in missing.Chunk(batchSize))
        {
            foreach (var image in batch)
            {
                try
                {
                    await embeddings.EnsureRowAsync(image, cancellationToken);
                    embedded++;
                }
                catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
                {
                    skipped++;
                    log.LogInformation("Embedding backfill skipped {Key}: {Reason}", image.ObjectKey, e.Message);
                }
            }
            done += batch.Length;
            progress?.Invoke(new BackfillStep(done, missing.Count, skipped));
            log.LogInformation("Embedding backfill: {Done}/{Total} done ({Skipped} skipped)", done, missing.Count, skipped);
        }
        return new BackfillResult(missing.Count, embedded, skipped, pruned);
    }

    /// <summary>How many live customer images and current product photos there are, and how many of them have a vector of the current model.</summary>
    public async Task<EmbeddingCoverage> CoverageAsync(CancellationToken cancellationToken = default)
    {
        var model = embeddings.Model;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var images = await db.Images.CountAsync(i => i.Status != ImageStatus.Deleted, cancellationToken);
        var photos = await db.CatalogItems.CountAsync(i => i.PhotoKey != null, cancellationToken);
        var embeddedImages = await db.Images.CountAsync(i => i.Status != ImageStatus.Deleted
            && db.ImageEmbeddings.Any(e => e.Source == ImageSource.Customer && e.ObjectKey == i.OriginalKey && e.Model == model), cancellationToken);
        var embeddedPhotos = await db.CatalogItems.CountAsync(i => i.PhotoKey != null
            && db.ImageEmbeddings.Any(e => e.Source == ImageSource.Product && e.ObjectKey == i.PhotoKey && e.Model == model), cancellationToken);
        return new EmbeddingCoverage(model, images + photos, embeddedImages + embeddedPhotos);
    }

    /// <summary>Deletes the vectors of customer images that are gone and of product photos that are no longer their item's photo.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = await db.ImageEmbeddings
            .Where(e => e.Source == ImageSource.Customer && !db.Images.Any(i => i.Id == e.ImageId && i.Status != ImageStatus.Deleted))
            .ExecuteDeleteAsync(cancellationToken);
        var products = await db.ImageEmbeddings
            .Where(e => e.Source == ImageSource.Product && !db.CatalogItems.Any(c => c.Id == e.CatalogItemId && c.PhotoKey == e.ObjectKey))
            .ExecuteDeleteAsync(cancellationToken);
        return customers + products;
    }

    /// <summary>Every live customer image and current product photo without a vector of the current model.</summary>
    public async Task<List<ImageRef>> MissingAsync(CancellationToken cancellationToken = default)
    {
        var model = embeddings.Model;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customers = await db.Images.AsNoTracking()
            .Where(i => i.Status != ImageStatus.Deleted
                && !db.ImageEmbeddings.Any(e => e.Source == ImageSource.Customer && e.ObjectKey == i.OriginalKey && e.Model == model))
            .OrderBy(i => i.CreatedAt)
            .Select(i => new { i.Id, i.OriginalKey, i.OwnerUserId }).ToListAsync(cancellationToken);
        var products = await db.CatalogItems.AsNoTracking()
            .Where(i => i.PhotoKey != null
                && !db.ImageEmbeddings.Any(e => e.Source == ImageSource.Product && e.ObjectKey == i.PhotoKey && e.Model == model))
            .OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.PhotoKey }).ToListAsync(cancellationToken);
        return [
            .. products.Select(p => new ImageRef(ImageSource.Product, p.PhotoKey!, CatalogItemId: p.Id)),
            .. customers.Select(c => new ImageRef(ImageSource.Customer, c.OriginalKey, c.Id, OwnerUserId: c.OwnerUserId)),
        ];
    }
}

/// <summary>Stored images (customer images and product photos) and how many have a vector of <paramref name="Model"/>.</summary>
public sealed record EmbeddingCoverage(string Model, int Images, int Embedded)
{
    public int Missing => Images - Embedded;
}

/// <summary>How far a run has come: images done (embedded or skipped) of those missing, and how many of them failed.</summary>
public sealed record BackfillStep(int Done, int Total, int Failed);

/// <summary>What a backfill run found missing, embedded (or found embedded meanwhile) and skipped, and the stale vectors it pruned.</summary>
public sealed record BackfillResult(int Missing, int Embedded, int Skipped, int Pruned = 0);
