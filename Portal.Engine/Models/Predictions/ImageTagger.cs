using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Models.Registry;

namespace Portal.Engine.Models.Predictions;

/// <summary>
/// Gives customers' images their auto-tags: the tag endpoint (<see cref="ModelsOptions.TagEndpoint"/>) predicts from the
/// image's stored embedding, and its best label (always) and every other label at or above
/// <see cref="ModelsOptions.TagMinProbability"/> replace the image's tags in one transaction, with an <see cref="ImageTagged"/>
/// event in the outbox (live pages refresh on it). Idempotent: tagging again
/// with the same model writes the same rows; two instances tagging one image at once end with one set (the unique
/// (image, label) index makes the loser retry).
/// </summary>
public sealed class ImageTagger(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEndpointPredictor predictor,
    IOptions<ModelsOptions> options,
    TimeProvider clock,
    ILogger<ImageTagger> log)
{
    private const int ReplaceAttempts = 3;

    /// <summary>Whether tagging runs at all (models on and a tag endpoint named).</summary>
    public bool Enabled => options.Value.Enabled && !string.IsNullOrEmpty(options.Value.TagEndpoint);

    /// <summary>The tag endpoint, the version it serves and the embedding model that version reads; null when none is deployed.</summary>
    public async Task<DeployedTagModel?> DeployedAsync(CancellationToken cancellationToken = default)
    {
        if (!Enabled) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await (from e in db.ModelEndpoints.AsNoTracking()
                      join v in db.ModelVersions.AsNoTracking() on e.ModelVersionId equals v.Id
                      where e.Name == options.Value.TagEndpoint
                      select new DeployedTagModel(e.Name, e.Revision, v.Id, v.EmbeddingModel)).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Tags the image from its stored embedding (the one made by the network the deployed version was trained on).
    /// Returns the tags written, or null when nothing was tagged (no model deployed, no embedding yet, image gone).
    /// </summary>
    public async Task<IReadOnlyList<ImageTag>?> TagAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        if (await DeployedAsync(cancellationToken) is not { } deployed) return null;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var vector = await db.ImageEmbeddings.AsNoTracking()
            .Where(e => e.Source == ImageSource.Customer && e.ImageId == imageId && e.Model == deployed.EmbeddingModel)
            .Select(e => e.Vector).FirstOrDefaultAsync(cancellationToken);
        return vector is null ? null : await TagAsync(imageId, EmbeddingVectors.Unpack(vector), cancellationToken);
    }

    /// <summary>Tags the image from <paramref name="features"/>; null when no model is deployed or the image is gone.</summary>
    public async Task<IReadOnlyList<ImageTag>?> TagAsync(Guid imageId, float[] features, CancellationToken cancellationToken = default)
    {
        if (!Enabled) return null;
        EndpointPrediction prediction;
        try
        {
            prediction = await predictor.PredictAsync(options.Value.TagEndpoint, features, options.Value.TopLabels, cancellationToken);
        }
        catch (EndpointNotFoundException)
        {
            return null; // nothing deployed yet: the re-tagger tags every image once something is
        }
        catch (Serving.EndpointModelException e)
        {
            // The deployed model cannot answer (its file is missing or broken): retrying each image would not help; the
            // re-tagger tags every image once a working version is deployed.
            log.LogWarning("Image {ImageId} was not tagged: {Reason}", imageId, e.Message);
            return null;
        }
        var tags = Choose(imageId, prediction);
        return await ReplaceAsync(imageId, tags, cancellationToken) ? tags : null;
    }

    /// <summary>The best label always, then the others at or above the threshold, best first (one per label).</summary>
    private List<ImageTag> Choose(Guid imageId, EndpointPrediction prediction)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var min = options.Value.TagMinProbability;
        return prediction.Labels
            .Where(l => !string.IsNullOrWhiteSpace(l.Label))
            .OrderByDescending(l => l.Probability)
            .DistinctBy(l => l.Label, StringComparer.Ordinal)
            .Where((l, rank) => rank == 0 || l.Probability >= min)
            .Select(l => new ImageTag
            {
                ImageId = imageId, Label = l.Label.Length > 128 ? l.Label[..128] : l.Label, Probability = l.Probability,
                Endpoint = prediction.Endpoint, ModelVersionId = prediction.ModelVersionId, CreatedAt = now,
            })
            .ToList();
    }

    /// <summary>Deletes the image's tags and adds <paramref name="tags"/> in one transaction; false when the image is gone.</summary>
    private async Task<bool> ReplaceAsync(Guid imageId, List<ImageTag> tags, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var owner = await db.Images.Where(i => i.Id == imageId && i.Status != ImageStatus.Deleted).Select(i => i.OwnerUserId).FirstOrDefaultAsync(cancellationToken);
            if (owner is null) return false;
            await db.ImageTags.Where(t => t.ImageId == imageId).ExecuteDeleteAsync(cancellationToken);
            db.ImageTags.AddRange(tags.Select(t => new ImageTag
            {
                ImageId = t.ImageId, Label = t.Label, Probability = t.Probability, Endpoint = t.Endpoint,
                ModelVersionId = t.ModelVersionId, CreatedAt = t.CreatedAt,
            }));
            // Through the event log, like the other image events: the gallery on whichever instance shows it refreshes its chips.
            Messaging.OutboxWriter.Enqueue(db, new ImageTagged(imageId, owner, tags.Select(t => t.Label).ToList(),
                tags.FirstOrDefault()?.ModelVersionId ?? 0), clock.GetUtcNow().UtcDateTime);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return true;
            }
            catch (DbUpdateException e) when (attempt < ReplaceAttempts)
            {
                // Another instance replaced the same image's tags at the same moment (unique image+label), or the image was
                // deleted meanwhile (its foreign key): look again.
                log.LogDebug(e, "Tags of image {ImageId} changed meanwhile; replacing them again (attempt {Attempt})", imageId, attempt + 1);
            }
        }
    }
}

/// <summary>What the tag endpoint serves now: <see cref="Revision"/> rises with every deploy and rollback.</summary>
public sealed record DeployedTagModel(string Endpoint, long Revision, int ModelVersionId, string EmbeddingModel);
