using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Predictions;

/// <summary>
/// The worker's tagger: when an image is processed (<see cref="ImageProcessed"/>, Ready) it makes sure the image has its
/// embedding (<see cref="IImageEmbeddings.EnsureAsync"/>: the stored one, or computed now if the embedding handler has
/// not got to it yet) and tags it (<see cref="ImageTagger"/>). Idempotent: both steps are. Nothing deployed on the tag
/// endpoint: nothing to do (the re-tagger tags every image once a model is deployed).
/// </summary>
public sealed class ImageTaggingHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    IImageEmbeddings embeddings,
    ImageTagger tagger,
    ILogger<ImageTaggingHandler> log) : IEventBatchHandler
{
    public const string HandlerName = "images-tagging";

    public string Name => HandlerName;

    public IReadOnlyCollection<string> Families { get; } = [EventFamilies.Images];

    public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken) => RecordByRecord.HandleAsync(batch,
        record => record.Event is ImageProcessed { Ready: true },
        (record, ct) => TagAsync(((ImageProcessed)record.Event).ImageId, ct),
        (record, e) => log.LogWarning(e, "Image {ImageId} could not be tagged now; the worker retries it", ((ImageProcessed)record.Event).ImageId),
        "Not tagged: an earlier image of its partition failed.", cancellationToken);

    /// <summary>Embeds (if need be) and tags one image; returns how many tags it has now (null: not tagged).</summary>
    public async Task<int?> TagAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        if (await tagger.DeployedAsync(cancellationToken) is null) return null;
        ImageAsset? image;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId && i.Status == ImageStatus.Ready, cancellationToken);
        if (image is null) return null; // deleted since, or processed again
        try
        {
            await embeddings.EnsureAsync(new ImageRef(ImageSource.Customer, image.OriginalKey, image.Id, OwnerUserId: image.OwnerUserId), cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            log.LogInformation("Image {ImageId} has no embedding, so no tags: {Reason}", imageId, e.Message);
            return null;
        }
        return (await tagger.TagAsync(imageId, cancellationToken))?.Count;
    }
}
