using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;

namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// The batch worker's embedding function. On <see cref="ImageUploaded"/> it embeds the customer's original (read by its key,
/// independent of the processing handler); on <see cref="ImageDeleted"/> the image's vectors go. On
/// <see cref="CatalogItemChanged"/> it reconciles the item's product photo: the current photo is embedded, the vectors of
/// any previous photo (or of a deleted item) go. The lake's <c>image_embeddings</c> table is exported from the database.
///
/// Idempotent by construction: embedding stores at most one row per image (unique index) and deleting twice deletes nothing,
/// so a redelivered or repeated event changes nothing. An original that is not an image or is gone is skipped (the processing
/// handler reports it to the customer); a store or database that is down fails the record (a partial batch response) and
/// the rest of its partition, so the worker retries them in order.
/// </summary>
public sealed class ImageEmbeddingHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    ImageEmbeddings embeddings,
    IOptions<ModelsOptions> options,
    ILogger<ImageEmbeddingHandler> log) : IEventBatchHandler
{
    public const string HandlerName = "models-embeddings";

    public string Name => HandlerName;

    public IReadOnlyCollection<string> Families { get; } = [EventFamilies.Images, EventFamilies.Catalog];

    public async Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled) return BatchResponse.Success;
        return await RecordByRecord.HandleAsync(batch,
            record => record.Event is ImageUploaded or ImageDeleted or CatalogItemChanged,
            (record, ct) => ApplyAsync(record.Event, ct),
            (record, e) => log.LogWarning(e, "Event {EventId} could not be embedded now; the worker retries it", record.Envelope.Id),
            "Not embedded: an earlier record of its partition failed.", cancellationToken);
    }

    /// <summary>Applies one event; returns the row it stored, if it stored one.</summary>
    public async Task<ImageEmbedding?> ApplyAsync(IIntegrationEvent @event, CancellationToken cancellationToken = default)
    {
        switch (@event)
        {
            case ImageUploaded uploaded:
                if (!await IsLiveAsync(uploaded, cancellationToken)) return null;
                return await EmbedAsync(new ImageRef(ImageSource.Customer, uploaded.ObjectKey, uploaded.ImageId, OwnerUserId: uploaded.OwnerUserId),
                    cancellationToken);
            case ImageDeleted deleted:
                await embeddings.DeleteImageAsync(deleted.ImageId, cancellationToken);
                return null;
            case CatalogItemChanged changed:
                var photoKey = await PhotoKeyAsync(changed.ItemId, cancellationToken);
                await embeddings.DeleteProductAsync(changed.ItemId, photoKey, cancellationToken);
                return photoKey is null ? null
                    : await EmbedAsync(new ImageRef(ImageSource.Product, photoKey, CatalogItemId: changed.ItemId), cancellationToken);
            default:
                return null;
        }
    }

    private async Task<ImageEmbedding?> EmbedAsync(ImageRef image, CancellationToken cancellationToken)
    {
        try
        {
            var (row, created) = await embeddings.EnsureRowAsync(image, cancellationToken);
            return created ? row : null;
        }
        catch (InvalidDataException e)
        {
            log.LogInformation("{Key} is not an image the embedder can read ({Reason}); it gets no vector", image.ObjectKey, e.Message);
            return null;
        }
        catch (FileNotFoundException)
        {
            log.LogInformation("{Key} is gone from the store (deleted since); it gets no vector", image.ObjectKey);
            return null;
        }
    }

    private async Task<bool> IsLiveAsync(ImageUploaded uploaded, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Images.AsNoTracking().AnyAsync(i => i.Id == uploaded.ImageId && i.OwnerUserId == uploaded.OwnerUserId
            && i.OriginalKey == uploaded.ObjectKey && i.Status != ImageStatus.Deleted, cancellationToken);
    }

    /// <summary>The item's photo now; null when it has none or is gone.</summary>
    private async Task<string?> PhotoKeyAsync(int itemId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.AsNoTracking().Where(i => i.Id == itemId).Select(i => i.PhotoKey).FirstOrDefaultAsync(cancellationToken);
    }
}
