using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Serving;

/// <summary>
/// The embeddings of images an invocation names by object key, limited to what an analyst may read: product photos
/// (<c>products/...</c> keys of current catalog items). Customers' images are theirs; analysts never name them here.
/// The stored vector is read as it is; one not made yet is made now (<see cref="IImageEmbeddings.EnsureAsync"/>).
/// </summary>
public sealed class KeyedEmbeddings(IDbContextFactory<PortalDbContext> dbFactory, IServiceProvider services)
{
    /// <summary>The stored vector (computed now when missing). Throws <see cref="ModelsException"/> for a key the caller may not read or that is no image.</summary>
    public async Task<float[]> FeaturesAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!key.StartsWith(CatalogPhotos.KeyPrefix, StringComparison.Ordinal) || key.Length > Catalog.CatalogItem.PhotoKeyMaxLength)
            throw new ModelsException($"Object key '{Shorten(key)}' is not one you may read: keys are product photos, '{CatalogPhotos.KeyPrefix}...'.", "keys");
        var embedder = services.GetService<IImageEmbedder>();
        int? itemId;
        byte[]? stored;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            itemId = await db.CatalogItems.AsNoTracking().Where(i => i.PhotoKey == key).Select(i => (int?)i.Id).FirstOrDefaultAsync(cancellationToken);
            if (itemId is null) throw new ModelsException($"Object key '{Shorten(key)}' is not the photo of any catalog item.", "keys");
            // The stored vector of the current embedding model (any stored one when this instance has no embedder).
            stored = await db.ImageEmbeddings.AsNoTracking()
                .Where(e => e.Source == ImageSource.Product && e.ObjectKey == key && (embedder == null || e.Model == embedder.Model))
                .OrderByDescending(e => e.Id).Select(e => e.Vector).FirstOrDefaultAsync(cancellationToken);
        }
        if (stored is not null) return EmbeddingVectors.Unpack(stored);
        var embeddings = services.GetService<IImageEmbeddings>()
            ?? throw new ModelsException($"Product photo '{Shorten(key)}' has no embedding yet; try again once the worker has made it.", "keys");
        try
        {
            return await embeddings.EnsureAsync(new ImageRef(ImageSource.Product, key, CatalogItemId: itemId), cancellationToken);
        }
        catch (InvalidDataException e)
        {
            throw new ModelsException($"Object key '{Shorten(key)}' is not an image the portal can read: {e.Message}", "keys");
        }
        catch (FileNotFoundException)
        {
            throw new ModelsException($"Object key '{Shorten(key)}' names a photo that is gone.", "keys");
        }
    }

    private static string Shorten(string key) => key.Length > 100 ? key[..100] + "…" : key;
}
