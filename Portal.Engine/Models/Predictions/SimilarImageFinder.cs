using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Predictions;

/// <summary>"Similar images" of the image page: the owner's own images nearest by embedding (<see cref="IImageEmbeddings.SimilarAsync"/>).</summary>
public sealed class SimilarImageFinder(IImageEmbeddings embeddings, IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>
    /// The owner's images most like <paramref name="image"/>, best first, only those still there; <see cref="SimilarImages.HasEmbedding"/>
    /// is false while the image has no embedding yet.
    /// </summary>
    public async Task<SimilarImages> FindAsync(ImageAsset image, int count, CancellationToken cancellationToken = default)
    {
        if (await embeddings.FindAsync(ImageSource.Customer, image.OriginalKey, cancellationToken) is null) return new SimilarImages(false, []);
        var similar = await embeddings.SimilarAsync(image.Id, image.OwnerUserId, count, cancellationToken);
        var ids = similar.Select(s => s.ImageId).Where(id => id != image.Id).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var images = await db.Images.AsNoTracking()
            .Where(i => ids.Contains(i.Id) && i.OwnerUserId == image.OwnerUserId && i.Status != ImageStatus.Deleted)
            .ToDictionaryAsync(i => i.Id, cancellationToken);
        return new SimilarImages(true, similar.Where(s => images.ContainsKey(s.ImageId))
            .Select(s => new SimilarImageView(images[s.ImageId], s.Similarity)).ToList());
    }
}

public sealed record SimilarImages(bool HasEmbedding, IReadOnlyList<SimilarImageView> Images);

public sealed record SimilarImageView(ImageAsset Image, float Similarity);
