using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Models.Embeddings;

namespace Portal.Engine.Models.Predictions;

/// <summary>
/// Re-tags every customer image with an embedding by the model the tag endpoint serves now, in batches of
/// <see cref="ModelsOptions.RetagBatchSize"/>, logging progress. An image already tagged by that model version is skipped,
/// so a sweep cut short (a restart) resumes where it was, and instances sweeping at once share the work rather than
/// repeat it (and when they do collide on an image, replacing its tags is idempotent).
/// </summary>
public sealed class ImageRetagger(
    IDbContextFactory<PortalDbContext> dbFactory,
    ImageTagger tagger,
    IOptions<ModelsOptions> options,
    ILogger<ImageRetagger> log)
{
    /// <summary>Sweeps once for what the tag endpoint serves now; null when nothing is deployed (or tagging is off).</summary>
    public async Task<RetagSweep?> RetagAllAsync(CancellationToken cancellationToken = default)
    {
        if (await tagger.DeployedAsync(cancellationToken) is not { } deployed) return null;
        int total;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            total = await Embeddings(db, deployed).CountAsync(cancellationToken);
        log.LogInformation("Re-tagging {Total} images for endpoint {Endpoint} (model version {VersionId}, revision {Revision})",
            total, deployed.Endpoint, deployed.ModelVersionId, deployed.Revision);

        long after = 0;
        int seen = 0, tagged = 0, current = 0, stale = 0;
        while (true)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var batch = await Embeddings(db, deployed).Where(e => e.Id > after).OrderBy(e => e.Id)
                .Take(options.Value.RetagBatchSize).Select(e => new { e.Id, ImageId = e.ImageId!.Value, e.Vector }).ToListAsync(cancellationToken);
            if (batch.Count == 0) break;
            after = batch[^1].Id;
            var ids = batch.Select(b => b.ImageId).ToList();
            var done = (await db.ImageTags.AsNoTracking().Where(t => ids.Contains(t.ImageId) && t.ModelVersionId == deployed.ModelVersionId)
                .Select(t => t.ImageId).Distinct().ToListAsync(cancellationToken)).ToHashSet();
            foreach (var row in batch)
            {
                seen++;
                if (done.Contains(row.ImageId))
                {
                    current++;
                    continue;
                }
                var tags = await tagger.TagAsync(row.ImageId, EmbeddingVectors.Unpack(row.Vector), cancellationToken);
                if (tags is null) continue;
                tagged++;
                // This instance's predictor may not have swapped in the new version yet: the watcher sweeps again.
                if (tags.Any(t => t.ModelVersionId != deployed.ModelVersionId)) stale++;
            }
            log.LogInformation("Re-tagged {Seen} of {Total} images for endpoint {Endpoint} ({Tagged} tagged now, {Current} already current)",
                seen, total, deployed.Endpoint, tagged, current);
        }
        return new RetagSweep(deployed, seen, tagged, current, stale);
    }

    /// <summary>The customer images' embeddings by the deployed version's network, of images not deleted.</summary>
    private static IQueryable<ImageEmbedding> Embeddings(PortalDbContext db, DeployedTagModel deployed) =>
        db.ImageEmbeddings.AsNoTracking().Where(e => e.Source == ImageSource.Customer && e.ImageId != null && e.Model == deployed.EmbeddingModel
            && db.Images.Any(i => i.Id == e.ImageId && i.Status != ImageStatus.Deleted));
}

/// <summary>What a sweep did: images looked at, tagged now, already current, and tagged by another version than deployed.</summary>
public sealed record RetagSweep(DeployedTagModel Deployed, int Seen, int Tagged, int AlreadyCurrent, int TaggedByOtherVersion);
