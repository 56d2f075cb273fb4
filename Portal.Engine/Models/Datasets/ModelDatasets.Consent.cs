using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Datasets;

public sealed partial class ModelDatasets
{
    /// <summary>
    /// What a training job trains on: the version's rows less the customer images whose owner no longer allows training
    /// (consent withdrawn since the version was frozen, or the image deleted). Consent is checked again here because a
    /// version is frozen once and trained on any time later; product photos need no consent.
    /// </summary>
    public async Task<TrainableRows> ReadTrainableVersionAsync(int datasetVersionId, CancellationToken cancellationToken = default)
    {
        var rows = await ReadVersionAsync(datasetVersionId, cancellationToken);
        var catalog = spaces.For(CatalogPhotos.Space);
        bool IsProductPhoto(string sourceRef) =>
            SourceRefs.Parse(sourceRef) is { } r && r.Bucket == catalog.Bucket && r.Key.StartsWith(catalog.KeyPrefix, StringComparison.Ordinal);
        var customerRefs = rows.Select(r => r.SourceRef).Where(r => !IsProductPhoto(r)).Distinct(StringComparer.Ordinal).ToList();
        if (customerRefs.Count == 0) return new TrainableRows(rows, 0);
        var allowed = await ConsentedCustomerRefsAsync(customerRefs, cancellationToken);
        var kept = rows.Where(r => IsProductPhoto(r.SourceRef) || allowed.Contains(r.SourceRef)).ToList();
        return new TrainableRows(kept, rows.Count - kept.Count);
    }

    /// <summary>Those of <paramref name="sourceRefs"/> that name a stored customer image whose owner allows training now.</summary>
    private async Task<HashSet<string>> ConsentedCustomerRefsAsync(List<string> sourceRefs, CancellationToken cancellationToken)
    {
        // A customer's key is customers/{owner}/{original key} in the shared bucket, or the original key in the owner's bucket.
        var keys = sourceRefs.Select(SourceRefs.Parse).OfType<(string Bucket, string Key)>()
            .Select(r => r.Key.StartsWith(CustomerImageSpaces.PrefixRoot, StringComparison.Ordinal) && r.Key.Split('/', 3) is [_, _, var rest] ? rest : r.Key)
            .Distinct(StringComparer.Ordinal).ToList();
        var wanted = sourceRefs.ToHashSet(StringComparer.Ordinal);
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in keys.Chunk(500))
        {
            var images = await db.Images.AsNoTracking()
                .Where(i => chunk.Contains(i.OriginalKey) && db.ImageTrainingConsents.Any(c => c.UserId == i.OwnerUserId && c.AllowTraining))
                .Select(i => new { i.OriginalKey, i.OwnerUserId }).ToListAsync(cancellationToken);
            foreach (var image in images)
            {
                var sourceRef = Refs.For(Embeddings.ImageSource.Customer, image.OriginalKey, image.OwnerUserId);
                if (wanted.Contains(sourceRef)) allowed.Add(sourceRef);
            }
        }
        return allowed;
    }
}
