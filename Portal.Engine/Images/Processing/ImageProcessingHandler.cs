using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Imaging;
using Portal.Engine.Imaging.Edits;
using Portal.Engine.Imaging.Formats;
using Portal.Engine.Imaging.Requests;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Storage;

namespace Portal.Engine.Images.Processing;

/// <summary>
/// The image worker's function: for each <see cref="ImageUploaded"/> it fetches the original by its claim check, makes the
/// standard renditions (a WebP thumbnail and a web-size WebP), reads the metadata (<see cref="ImageAnalysis"/>) and flags a
/// near-duplicate in the customer's gallery, moving the image Uploaded → Processing → Ready or Failed (with the reason).
/// Each move commits with its event (ImageProcessingStarted, ImageProcessed) in the outbox.
///
/// Idempotent: an event the worker's inbox has marked for this handler is skipped, and the mark is saved in the transaction
/// that finishes the image; besides, only an Uploaded image is started and only a Processing one finished, each by a
/// conditional update, so a redelivered, repeated or concurrent event changes nothing twice and writes no second event. A Processing image (a
/// worker stopped half-way) is processed again; the renditions' keys are fixed, so that overwrites, never adds. An image that
/// cannot be processed (unreadable, changed since upload, missing) fails with the reason; a store or database that is
/// down fails the record (a partial batch response) so the worker retries it.
/// </summary>
public sealed class ImageProcessingHandler(
    IDbContextFactory<PortalDbContext> dbFactory,
    CustomerImageSpaces spaces,
    ImageProcessor processor,
    IOptions<ImageProcessingOptions> options,
    TimeProvider clock,
    ILogger<ImageProcessingHandler> log) : IEventBatchHandler, IDeadLetterAware
{
    public const string HandlerName = "images-processing";
    public const string StandardFolder = "standard/";

    /// <summary>The inbox's name for "this event went to the dead letters and failed its image" (so a retry of it may restart the image).</summary>
    public const string DeadLetteredMarks = HandlerName + ".dead-lettered";

    public string Name => HandlerName;

    public IReadOnlyCollection<string> Families { get; } = [EventFamilies.Images];

    // Its own status events and deletions travel on this topic too: only uploads are processed.
    public Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken) => RecordByRecord.HandleAsync(batch,
        record => record.Event is ImageUploaded,
        (record, ct) => ProcessAsync((ImageUploaded)record.Event, record.Envelope.Id, ct),
        (record, e) => log.LogWarning(e, "Image {ImageId} (event {EventId}) could not be processed now; the worker retries it",
            ((ImageUploaded)record.Event).ImageId, record.Envelope.Id),
        "Not processed: an earlier image of its partition failed.", cancellationToken);

    /// <summary>
    /// Its events went to the dead letters (retries ran out): an image still Uploaded or Processing for them fails with the reason
    /// and ImageProcessed, so it does not wait for ever and the customer's Retry button appears (it sends a new event). The
    /// event is marked as the one that failed the image (<see cref="DeadLetteredMarks"/>), so an administrator's retry of that
    /// dead letter processes the image again (Failed → Processing) rather than finding it Failed and changing nothing.
    /// </summary>
    public async Task OnDeadLetteredAsync(IReadOnlyList<DeadLetteredRecord> records, CancellationToken cancellationToken)
    {
        foreach (var (record, error) in records)
        {
            if (record.Event is not ImageUploaded uploaded) continue;
            var reason = Result.Failed($"The image could not be processed: {error}").Error!;
            var now = clock.GetUtcNow().UtcDateTime;
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var failed = await db.Images.Where(i => i.Id == uploaded.ImageId && i.OwnerUserId == uploaded.OwnerUserId
                    && (i.Status == ImageStatus.Uploaded || i.Status == ImageStatus.Processing))
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImageStatus.Failed).SetProperty(i => i.Error, reason)
                    .SetProperty(i => i.ProcessedAt, now).SetProperty(i => i.UpdatedAt, now), cancellationToken);
            if (failed == 0) continue; // Ready, Failed already or gone: nothing waits for this event
            await EventInbox.TryMarkAsync(db, DeadLetteredMarks, record.Envelope.Id, now, cancellationToken);
            OutboxWriter.Enqueue(db, new ImageProcessed(uploaded.ImageId, uploaded.OwnerUserId, false, reason), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            log.LogWarning("Image {ImageId} failed: its event {EventId} went to the dead letters ({Reason})", uploaded.ImageId, record.Envelope.Id, error);
        }
    }

    /// <summary>
    /// Processes the image <paramref name="uploaded"/> (event <paramref name="eventId"/>) names, if it still waits for it;
    /// returns its status after (null: gone).
    /// </summary>
    public async Task<ImageStatus?> ProcessAsync(ImageUploaded uploaded, string eventId, CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            if (await EventInbox.HasProcessedAsync(db, Name, eventId, cancellationToken)) return await StatusAsync(uploaded, cancellationToken);
        var status = await StatusAsync(uploaded, cancellationToken);
        if (status == ImageStatus.Uploaded || (status == ImageStatus.Failed && await FailedByAsync(eventId, cancellationToken)))
            status = await StartAsync(uploaded, eventId, cancellationToken) ? ImageStatus.Processing : await StatusAsync(uploaded, cancellationToken);
        if (status != ImageStatus.Processing) return status; // gone, or already Ready or Failed: a redelivery changes nothing

        Result result;
        try
        {
            result = await RenderAsync(uploaded, cancellationToken);
        }
        catch (ImageRequestException e) when (e.Code != ImageErrorCodes.Busy) // busy: thrown, so the event is delivered again later
        {
            result = Result.Failed($"The image could not be processed: {e.Message}");
        }
        return await FinishAsync(uploaded, eventId, result, cancellationToken);
    }

    private async Task<ImageStatus?> StatusAsync(ImageUploaded uploaded, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var found = await db.Images.AsNoTracking().Where(i => i.Id == uploaded.ImageId && i.OwnerUserId == uploaded.OwnerUserId)
            .Select(i => (ImageStatus?)i.Status).FirstOrDefaultAsync(cancellationToken);
        return found == ImageStatus.Deleted ? null : found;
    }

    /// <summary>Whether event <paramref name="eventId"/> went to the dead letters and failed its image (so this is a retry of it).</summary>
    private async Task<bool> FailedByAsync(string eventId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await EventInbox.HasProcessedAsync(db, DeadLetteredMarks, eventId, cancellationToken);
    }

    /// <summary>
    /// Uploaded → Processing with ImageProcessingStarted, in one transaction; false when another delivery got there first. Also
    /// Failed → Processing when this event failed it by going to the dead letters (its retry; the mark is used up).
    /// </summary>
    private async Task<bool> StartAsync(ImageUploaded uploaded, string eventId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var retried = await db.ProcessedEvents.Where(p => p.Handler == DeadLetteredMarks && p.EventId == eventId).ExecuteDeleteAsync(cancellationToken) > 0;
        var started = await db.Images.Where(i => i.Id == uploaded.ImageId
                && (i.Status == ImageStatus.Uploaded || (retried && i.Status == ImageStatus.Failed)))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImageStatus.Processing).SetProperty(i => i.Attempts, i => i.Attempts + 1)
                .SetProperty(i => i.Error, (string?)null).SetProperty(i => i.UpdatedAt, now), cancellationToken);
        if (started == 0) return false;
        var attempt = await db.Images.Where(i => i.Id == uploaded.ImageId).Select(i => i.Attempts).FirstAsync(cancellationToken);
        OutboxWriter.Enqueue(db, new ImageProcessingStarted(uploaded.ImageId, uploaded.OwnerUserId, attempt), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task<Result> RenderAsync(ImageUploaded uploaded, CancellationToken cancellationToken)
    {
        var space = spaces.For(uploaded.OwnerUserId);
        byte[] original;
        await using (var stored = await space.GetAsync(uploaded.ObjectKey, cancellationToken))
        {
            if (stored is null) return Result.Failed("The original is missing from the store.");
            original = await processor.ReadLimitedAsync(stored.Content, "original", cancellationToken);
        }
        if (uploaded.Sha256.Length > 0 && !Convert.ToHexStringLower(SHA256.HashData(original)).Equals(uploaded.Sha256, StringComparison.OrdinalIgnoreCase))
            return Result.Failed("The stored original is not the one uploaded (its SHA-256 differs).");

        var facts = await ImageAnalysis.ReadAsync(processor, original, cancellationToken);
        var settings = options.Value;
        var folder = StandardKeys(uploaded.ImageId);
        var thumbnail = await PutAsync(space, folder + "thumbnail.webp", original, settings.ThumbnailSide, settings.Quality, cancellationToken);
        var web = await PutAsync(space, folder + "web.webp", original, settings.WebSide, settings.Quality, cancellationToken);
        return new Result(null, facts, thumbnail, web, await DuplicateOfAsync(uploaded, facts.PerceptualHash, cancellationToken));
    }

    /// <summary>Where the standard renditions of an image are kept: under its renditions, so deleting the image deletes them.</summary>
    public static string StandardKeys(Guid imageId) => $"{ImageLibrary.RenditionsPrefix}{imageId:N}/{StandardFolder}";

    private async Task<string> PutAsync(CustomerImageSpace space, string key, byte[] original, int side, int quality, CancellationToken cancellationToken)
    {
        // Stills, also of an animated GIF: the gallery, the models and the API's thumbnail read one frame.
        var request = new ImageRequest(null, key,
            new ImageEdits { Resize = new ResizeEdit(side, side, ResizeFit.Inside, WithoutEnlargement: true), Animated = false }, ImageFormat.Webp, quality);
        var result = await processor.ProcessAsync(original, request, cancellationToken);
        await space.PutAsync(key, new MemoryStream(result.Content), result.ContentType, cancellationToken: cancellationToken);
        return key;
    }

    /// <summary>The customer's other processed image nearest to <paramref name="hash"/> within the duplicate distance (the older on a tie).</summary>
    private async Task<Guid?> DuplicateOfAsync(ImageUploaded uploaded, long hash, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var others = await db.Images.AsNoTracking()
            .Where(i => i.OwnerUserId == uploaded.OwnerUserId && i.Id != uploaded.ImageId && i.Status == ImageStatus.Ready && i.PerceptualHash != null)
            .Select(i => new { i.Id, Hash = i.PerceptualHash!.Value, i.CreatedAt }).ToListAsync(cancellationToken);
        return others.Select(o => (o.Id, o.CreatedAt, Distance: PerceptualHash.Distance(o.Hash, hash)))
            .Where(o => o.Distance <= options.Value.DuplicateDistance)
            .OrderBy(o => o.Distance).ThenBy(o => o.CreatedAt).Select(o => (Guid?)o.Id).FirstOrDefault();
    }

    /// <summary>Processing → Ready or Failed with ImageProcessed, in one transaction; nothing when it is no longer Processing.</summary>
    private async Task<ImageStatus?> FinishAsync(ImageUploaded uploaded, string eventId, Result result, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The inbox's mark commits with the effect (a second one at the same moment fails on its key and rolls back).
        if (!await EventInbox.TryMarkAsync(db, Name, eventId, now, cancellationToken))
        {
            await transaction.RollbackAsync(cancellationToken);
            return await StatusAsync(uploaded, cancellationToken);
        }
        var processing = db.Images.Where(i => i.Id == uploaded.ImageId && i.Status == ImageStatus.Processing);
        var finished = result.Facts is { } facts
            ? await processing.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImageStatus.Ready).SetProperty(i => i.Error, (string?)null)
                .SetProperty(i => i.Format, facts.Format).SetProperty(i => i.Width, facts.Width).SetProperty(i => i.Height, facts.Height)
                .SetProperty(i => i.Camera, facts.Exif.Camera).SetProperty(i => i.TakenAt, facts.Exif.TakenAt)
                .SetProperty(i => i.DominantColor, facts.DominantColor).SetProperty(i => i.PerceptualHash, facts.PerceptualHash)
                .SetProperty(i => i.DuplicateOfId, result.DuplicateOf).SetProperty(i => i.ThumbnailKey, result.ThumbnailKey)
                .SetProperty(i => i.WebKey, result.WebKey).SetProperty(i => i.ProcessedAt, now).SetProperty(i => i.UpdatedAt, now), cancellationToken)
            : await processing.ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ImageStatus.Failed).SetProperty(i => i.Error, result.Error)
                .SetProperty(i => i.ProcessedAt, now).SetProperty(i => i.UpdatedAt, now), cancellationToken);
        if (finished == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            var status = await StatusAsync(uploaded, cancellationToken);
            // Deleted while it was being processed: the renditions written since are nobody's.
            if (status is null && result.Facts is not null) await spaces.For(uploaded.OwnerUserId).DeletePrefixAsync(StandardKeys(uploaded.ImageId), cancellationToken);
            return status;
        }
        OutboxWriter.Enqueue(db, new ImageProcessed(uploaded.ImageId, uploaded.OwnerUserId, result.Facts is not null, result.Error), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (result.Error is not null) log.LogInformation("Image {ImageId} failed: {Reason}", uploaded.ImageId, result.Error);
        return result.Facts is not null ? ImageStatus.Ready : ImageStatus.Failed;
    }

    private sealed record Result(string? Error, ImageFacts? Facts, string? ThumbnailKey, string? WebKey, Guid? DuplicateOf)
    {
        public static Result Failed(string reason) => new(reason.Length > 1000 ? reason[..1000] : reason, null, null, null, null);
    }
}
