using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// The stored embeddings of the current <see cref="IImageEmbedder.Model"/>: found, made from the image's original and stored
/// once (a concurrent insert of the same image loses on the unique index and reads the winner's row), compared, deleted.
/// </summary>
public sealed class ImageEmbeddings(IDbContextFactory<PortalDbContext> dbFactory, IImageEmbedder embedder, CustomerImageSpaces spaces,
    TimeProvider clock) : IImageEmbeddings
{
    public string Model => embedder.Model;

    public async Task<float[]?> FindAsync(ImageSource source, string objectKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.ImageEmbeddings.AsNoTracking()
            .Where(e => e.Source == source && e.ObjectKey == objectKey && e.Model == embedder.Model)
            .Select(e => e.Vector).FirstOrDefaultAsync(cancellationToken);
        return stored is null ? null : EmbeddingVectors.Unpack(stored);
    }

    public async Task<float[]> EnsureAsync(ImageRef image, CancellationToken cancellationToken = default) =>
        EmbeddingVectors.Unpack((await EnsureRowAsync(image, cancellationToken)).Row.Vector);

    /// <summary>The image's row, and whether this call made it.</summary>
    public async Task<(ImageEmbedding Row, bool Created)> EnsureRowAsync(ImageRef image, CancellationToken cancellationToken = default)
    {
        Check(image);
        if (await FindRowAsync(image, cancellationToken) is { } found) return (found, false);

        var vector = embedder.Embed(await ReadOriginalAsync(image, cancellationToken));
        var row = new ImageEmbedding
        {
            Source = image.Source,
            ObjectKey = image.ObjectKey,
            ImageId = image.ImageId,
            CatalogItemId = image.CatalogItemId,
            OwnerUserId = image.OwnerUserId,
            Model = embedder.Model,
            Vector = EmbeddingVectors.Pack(vector),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ImageEmbeddings.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (row, true);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // Another worker or the backfill stored it first: same image, same model, same vector.
            return (await FindRowAsync(image, cancellationToken) ?? throw new InvalidOperationException("The embedding that won the race is gone.", e), false);
        }
    }

    public async Task<IReadOnlyList<SimilarImage>> SimilarAsync(Guid imageId, string ownerUserId, int count, CancellationToken cancellationToken = default)
    {
        if (count <= 0) return [];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ImageEmbeddings.AsNoTracking()
            .Where(e => e.Source == ImageSource.Customer && e.OwnerUserId == ownerUserId && e.Model == embedder.Model && e.ImageId != null
                && db.Images.Any(i => i.Id == e.ImageId && i.Status != ImageStatus.Deleted)) // a vector that raced its image's deletion is never shown
            .Select(e => new { ImageId = e.ImageId!.Value, e.Vector }).ToListAsync(cancellationToken);
        var self = rows.FirstOrDefault(r => r.ImageId == imageId);
        if (self is null) return [];
        var target = EmbeddingVectors.Unpack(self.Vector);
        return rows.Where(r => r.ImageId != imageId)
            .Select(r => new SimilarImage(r.ImageId, EmbeddingVectors.Cosine(target, EmbeddingVectors.Unpack(r.Vector))))
            .OrderByDescending(s => s.Similarity).ThenBy(s => s.ImageId).Take(count).ToList();
    }

    /// <summary>Deletes a customer image's vectors (every model).</summary>
    public async Task<int> DeleteImageAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImageEmbeddings.Where(e => e.Source == ImageSource.Customer && e.ImageId == imageId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes a catalog item's product-photo vectors except those of <paramref name="currentKey"/> (its photo now, if any).</summary>
    public async Task<int> DeleteProductAsync(int catalogItemId, string? currentKey, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImageEmbeddings.Where(e => e.Source == ImageSource.Product && e.CatalogItemId == catalogItemId && e.ObjectKey != currentKey)
            .ExecuteDeleteAsync(cancellationToken);
    }

    private async Task<ImageEmbedding?> FindRowAsync(ImageRef image, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImageEmbeddings.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Source == image.Source && e.ObjectKey == image.ObjectKey && e.Model == embedder.Model, cancellationToken);
    }

    private async Task<byte[]> ReadOriginalAsync(ImageRef image, CancellationToken cancellationToken)
    {
        var space = spaces.For(image.Source == ImageSource.Customer ? image.OwnerUserId! : CatalogPhotos.Space);
        await using var stored = await space.GetAsync(image.ObjectKey, cancellationToken)
            ?? throw new FileNotFoundException($"The original {image.ObjectKey} is missing from the store.", image.ObjectKey);
        using var bytes = new MemoryStream();
        await stored.Content.CopyToAsync(bytes, cancellationToken);
        return bytes.ToArray();
    }

    private static void Check(ImageRef image)
    {
        if (image.Source == ImageSource.Customer && (image.ImageId is null || string.IsNullOrEmpty(image.OwnerUserId)))
            throw new ArgumentException("A customer image needs its id and its owner.", nameof(image));
        if (image.Source == ImageSource.Product && image.CatalogItemId is null)
            throw new ArgumentException("A product photo needs its catalog item.", nameof(image));
    }
}
