using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using Portal.Engine.Data;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Budget;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Storage;

namespace Portal.Engine.Images;

public sealed record UploadResult(ImageAsset? Image, string? Error)
{
    public bool Succeeded => Image is not null;

    /// <summary>When refused, the HTTP status that names why (see <see cref="UploadRefusal"/>).</summary>
    public int? RefusalStatus { get; init; }
}

/// <summary>
/// A user's own images: uploads checked by content (magic bytes, size, pixel count, decodable), stored
/// in the user's space and answered at once as Uploaded (the image worker makes the standard renditions and reads the
/// metadata, see <c>Images/Processing</c>); saved renditions; deletion of one rendition, or of an image with everything
/// derived from it. Another user's image is simply not found.
/// </summary>
public sealed class ImageLibrary(
    IDbContextFactory<PortalDbContext> dbFactory,
    CustomerImageSpaces spaces,
    ImageProcessor processor,
    IOptions<ImagingOptions> options,
    TimeProvider clock)
{
    public const string OriginalsPrefix = "originals/";
    public const string RenditionsPrefix = "renditions/";

    public long MaxUploadBytes => options.Value.MaxInputBytes;

    public async Task<UploadResult> UploadAsync(string ownerId, string fileName, Stream content, CancellationToken cancellationToken = default)
    {
        var (upload, refusal) = await ImageUploadCheck.CheckUploadAsync(processor, content, cancellationToken);
        if (upload is null) return new UploadResult(null, refusal!.Message) { RefusalStatus = refusal.Status };
        var (bytes, header) = (upload.Bytes, upload.Header);
        var id = Guid.NewGuid();
        var key = $"{OriginalsPrefix}{id:N}.{Extension(header.Format)}";
        await spaces.For(ownerId).PutAsync(key, new MemoryStream(bytes), header.Format.ContentType(), cancellationToken: cancellationToken);

        var image = new ImageAsset
        {
            Id = id, OwnerUserId = ownerId, OriginalKey = key, FileName = FileNames.Safe(fileName, "image"), ContentType = header.Format.ContentType(),
            SizeBytes = bytes.LongLength, Width = upload.Width, Height = upload.Height, Status = ImageStatus.Uploaded,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
        };
        // The image and its claim check commit together: an Uploaded image always has its event, and no event names an image that is not there.
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Images.Add(image);
        OutboxWriter.Enqueue(db, UploadedEvent(image), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        return new UploadResult(image, null);
    }

    /// <summary>
    /// Sends a Failed image back to the worker: Uploaded again with a new ImageUploaded (same claim check) in one transaction.
    /// The move is a conditional update (only from Failed, checked when it is written), and the event is written only when it
    /// moved: of two retries at once (or a retry racing a delete or the worker) one wins and the other changes nothing.
    /// False when it is not this user's image or not Failed (nothing changes).
    /// </summary>
    public async Task<bool> RetryAsync(string ownerId, Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId && i.OwnerUserId == ownerId && i.Status == ImageStatus.Failed, cancellationToken);
        if (image is null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Images.Where(i => i.Id == imageId && i.OwnerUserId == ownerId && i.Status == ImageStatus.Failed)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.Status, ImageStatus.Uploaded).SetProperty(i => i.Error, (string?)null)
                .SetProperty(i => i.UpdatedAt, now), cancellationToken);
        if (moved == 0) return false; // someone else moved it first; disposing rolls the empty transaction back
        OutboxWriter.Enqueue(db, UploadedEvent(image), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static ImageUploaded UploadedEvent(ImageAsset image) =>
        new(image.Id, image.OwnerUserId, image.OriginalKey, image.SizeBytes, image.Sha256 ?? "", image.ContentType, image.FileName);

    public async Task<List<ImageAsset>> ListAsync(string ownerId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().Include(i => i.Renditions)
            .Where(i => i.OwnerUserId == ownerId && i.Status != ImageStatus.Deleted)
            .OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);
    }

    public async Task<ImageAsset?> FindAsync(string ownerId, Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().Include(i => i.Renditions)
            .FirstOrDefaultAsync(i => i.Id == imageId && i.OwnerUserId == ownerId && i.Status != ImageStatus.Deleted, cancellationToken);
    }

    /// <summary>One page of the user's images, newest first (<paramref name="page"/> counts from 0), and how many they have in all.</summary>
    public async Task<(List<ImageAsset> Images, int Total)> PageAsync(string ownerId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.Images.AsNoTracking().Where(i => i.OwnerUserId == ownerId && i.Status != ImageStatus.Deleted);
        var total = await mine.CountAsync(cancellationToken);
        // In long: a far page number must not overflow into a negative OFFSET (an error on PostgreSQL, the first page on SQLite).
        var offset = (long)Math.Max(page, 0) * pageSize;
        var images = offset >= total ? [] : await mine.Include(i => i.Renditions).OrderByDescending(i => i.CreatedAt).ThenByDescending(i => i.Id)
            .Skip((int)offset).Take(pageSize).ToListAsync(cancellationToken);
        return (images, total);
    }

    /// <summary>
    /// Renders <paramref name="request"/> (whose key must be one of the user's images) at full size without storing it:
    /// exactly what saving it as a rendition would store.
    /// </summary>
    public async Task<ProcessedImage> RenderAsync(string ownerId, ImageRequest request, CancellationToken cancellationToken = default)
    {
        await using var stored = await GetSourceAsync(ownerId, request, cancellationToken);
        return await processor.ProcessAsync(stored.Content, request, null, ImageCaller.SignedIn, cancellationToken);
    }

    /// <summary>
    /// The editor's live preview of <paramref name="request"/>: drawn at most <paramref name="maxSide"/> pixels on its longest
    /// side, with the pixel size the saved rendition would have.
    /// </summary>
    public async Task<ImagePreview> PreviewAsync(string ownerId, ImageRequest request, int maxSide = PreviewCap.DefaultMaxSide,
        CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        await using (var stored = await GetSourceAsync(ownerId, request, cancellationToken))
            bytes = await processor.ReadLimitedAsync(stored.Content, "image", cancellationToken);
        return await processor.PreviewAsync(bytes, request, maxSide, null, ImageCaller.SignedIn, cancellationToken);
    }

    private async Task<StoredObject> GetSourceAsync(string ownerId, ImageRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await spaces.For(ownerId).GetAsync(request.Key, cancellationToken)
                ?? throw new ImageRequestException(404, ImageErrorCodes.NoSuchKey, $"The image '{request.Key}' does not exist.");
        }
        catch (ObjectArchivedException e)
        {
            throw new ImageRequestException(503, ImageErrorCodes.SourceArchived,
                $"The original is archived. It is being restored and can be edited in about {ObjectArchivedException.Describe(e.RetryAfter)}.");
        }
    }

    /// <summary>Stores the result of <paramref name="edits"/> on the image as a named rendition the user can download later.</summary>
    public async Task<ImageRendition?> SaveRenditionAsync(string ownerId, Guid imageId, ImageEdits edits, ImageFormat? format, int? quality, CancellationToken cancellationToken = default)
    {
        var image = await FindAsync(ownerId, imageId, cancellationToken);
        if (image is null) return null;
        var request = new ImageRequest(null, image.OriginalKey, edits, format, quality);
        var result = await RenderAsync(ownerId, request, cancellationToken);
        var key = $"{RenditionsPrefix}{image.Id:N}/{ImageCacheKey.For(request)[..16]}.{Extension(result.Format)}";
        await spaces.For(ownerId).PutAsync(key, new MemoryStream(result.Content), result.ContentType, cancellationToken: cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.ImageRenditions.FirstOrDefaultAsync(r => r.ImageAssetId == image.Id && r.Key == key, cancellationToken);
        if (existing is not null) return existing;
        var rendition = new ImageRendition
        {
            ImageAssetId = image.Id, Key = key, EditsJson = ImageCacheKey.CanonicalEdits(RenditionDescription.Recorded(edits, result.Format, quality)), ContentType = result.ContentType,
            SizeBytes = result.Content.LongLength, CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        db.ImageRenditions.Add(rendition);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return rendition;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            // The same rendition was saved at the same moment (another tab, a retry): one record per object, so theirs is ours.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            return await again.ImageRenditions.AsNoTracking().FirstAsync(r => r.ImageAssetId == image.Id && r.Key == key, cancellationToken);
        }
    }

    /// <summary>
    /// Deletes the image and everything derived from it; false when it is not this user's. The order keeps what the user sees
    /// whole if the store fails part-way: the rendition records go first, then the objects made from the image, the original
    /// last and the image's record after it. So a listed image always has its original and a listed rendition its object,
    /// and deleting again finishes what an interrupted deletion left (missing objects are fine). The records are deleted by
    /// condition, not by what was read: of two deletions at once (or a deletion racing a retry) both finish the objects, one
    /// deletes the record and writes ImageDeleted in the same transaction, and the other answers false (already deleted).
    /// </summary>
    public async Task<bool> DeleteAsync(string ownerId, Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId && i.OwnerUserId == ownerId, cancellationToken);
        if (image is null) return false;
        await db.ImageRenditions.Where(r => r.ImageAssetId == image.Id).ExecuteDeleteAsync(cancellationToken);
        var space = spaces.For(ownerId);
        var renditions = $"{RenditionsPrefix}{image.Id:N}/";
        await RenditionCache.DeleteAllUnderAsync(space, renditions, cancellationToken);
        await space.DeletePrefixAsync(renditions, cancellationToken);
        await RenditionCache.DeleteSourceAsync(space, image.OriginalKey, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deleted = await db.Images.Where(i => i.Id == image.Id && i.OwnerUserId == ownerId).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0) return false; // another deletion got there first and wrote the event; disposing rolls back
        OutboxWriter.Enqueue(db, new ImageDeleted(image.Id, ownerId), clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Deletes one saved rendition of the image: its stored object (and anything cached from it) and its record.
    /// False when there is no such rendition of this user's image, and then nothing is deleted.
    /// </summary>
    public async Task<bool> DeleteRenditionAsync(string ownerId, Guid imageId, int renditionId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rendition = await db.ImageRenditions.FirstOrDefaultAsync(r => r.Id == renditionId && r.ImageAssetId == imageId
            && db.Images.Any(i => i.Id == imageId && i.OwnerUserId == ownerId && i.Status != ImageStatus.Deleted), cancellationToken);
        if (rendition is null) return false;
        await RenditionCache.DeleteSourceAsync(spaces.For(ownerId), rendition.Key, cancellationToken);
        db.ImageRenditions.Remove(rendition);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public static string Extension(ImageFormat format) => format == ImageFormat.Jpeg ? "jpg" : format.Name();
}
