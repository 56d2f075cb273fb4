using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Demo;

/// <summary>
/// Gives the demo shop's items their composed photos, stored like a photo Sales uploads (the catalog image
/// space, <see cref="CatalogItem.PhotoKey"/>), so <c>/catalog-img</c> serves them. Only items the demo
/// seeded and nobody has changed since (a demo SKU, version 0) and that have no photo get one: a photo
/// Sales removed or replaced is never put back, and a data directory that has its photos costs one query.
/// </summary>
public sealed class DemoPhotos(
    IDbContextFactory<PortalDbContext> dbFactory, CatalogPhotos photos,
    IOptions<DemoOptions> options, TimeProvider clock, ILogger<DemoPhotos> logger)
{
    public const string ChangedBy = "demo photos";

    /// <summary>Composes and stores the missing photos; returns how many items got one.</summary>
    public async Task<int> FillAsync(CancellationToken cancellationToken = default)
    {
        var demo = options.Value;
        if (!demo.Enabled || !demo.Photos || demo.Items == 0) return 0;
        var started = Stopwatch.GetTimestamp();
        var skus = Enumerable.Range(0, demo.Items).Select(DemoDataGenerator.Sku).ToHashSet();
        List<(int Id, string Sku, string Name, string Category)> missing;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            missing = (await db.CatalogItems.AsNoTracking()
                    .Where(i => i.PhotoKey == null && i.Version == 0)
                    .OrderBy(i => i.Id)
                    .Select(i => new { i.Id, i.Sku, i.Name, i.Category })
                    .ToListAsync(cancellationToken))
                .Where(i => skus.Contains(i.Sku))
                .Select(i => (i.Id, i.Sku, i.Name, i.Category)).ToList();
        }
        if (missing.Count == 0) return 0;

        var filled = 0;
        foreach (var batch in missing.Chunk(50))
        {
            foreach (var item in batch)
                if (await StoreAsync(item.Id, DemoPhotoComposer.ComposeJpeg(item.Category, item.Name, DemoPhotoComposer.Variation(demo.Seed, item.Sku)), cancellationToken))
                    filled++;
        }
        logger.LogInformation("Demo photos: composed {Count} in {Elapsed}", filled, Stopwatch.GetElapsedTime(started));
        return filled;
    }

    /// <summary>
    /// Stores the photo and links it, with its CatalogItemChanged event in the same transaction, unless the item was changed or
    /// got a photo meanwhile (then the object is deleted again).
    /// </summary>
    private async Task<bool> StoreAsync(int itemId, byte[] jpeg, CancellationToken cancellationToken)
    {
        var key = CatalogPhotos.NewKey(itemId, "jpg");
        await photos.Objects.PutAsync(key, new MemoryStream(jpeg), "image/jpeg", cancellationToken: cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Not a version change: the photo belongs to the seeded item, and a grid open meanwhile may still save its edits.
        var linked = await db.CatalogItems.Where(i => i.Id == itemId && i.PhotoKey == null && i.Version == 0)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.PhotoKey, key), cancellationToken);
        if (linked == 1)
        {
            OutboxWriter.Enqueue(db, new CatalogItemChanged(itemId, CatalogChange.Updated, ChangedBy), clock.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        await transaction.RollbackAsync(CancellationToken.None);
        await photos.DeleteAsync(key, CancellationToken.None);
        return false;
    }
}
