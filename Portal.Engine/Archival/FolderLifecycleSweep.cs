using Portal.Engine.Storage;

namespace Portal.Engine.Archival;

public sealed record FolderSweepResult(int Archived, int Expired);

/// <summary>
/// The folder store's lifecycle pass: originals last written more than <c>ArchiveOriginalsAfterDays</c> ago move to the
/// archive (unless restored within <c>RestoreDays</c>), cached renditions made more than <c>ExpireRenditionsAfterDays</c>
/// ago are deleted (the image handler makes them again when asked).
/// </summary>
public sealed class FolderLifecycleSweep(FileSystemObjectStore store, ImageObjectClassifier classifier, ObjectLifecycleSettings rules, TimeProvider clock)
{
    public async Task<FolderSweepResult> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int archived = 0, expired = 0;
        foreach (var bucket in store.Buckets().Where(classifier.IsImageBucket).ToList())
        {
            string? token = null;
            do
            {
                var page = await store.ListAsync(bucket, classifier.SpacesPrefix, 1000, token, cancellationToken);
                foreach (var item in page.Objects)
                {
                    switch (classifier.Classify(bucket, item.Key))
                    {
                        case ObjectLifecycleClass.Rendition when rules.ExpireRenditionsAfterDays is { } days && item.LastModified <= now.AddDays(-days):
                            await store.DeleteAsync(bucket, item.Key, cancellationToken);
                            expired++;
                            break;
                        case ObjectLifecycleClass.Original when rules.ArchiveOriginalsAfterDays is { } days:
                            if (await store.ArchiveAsync(bucket, item.Key, now.AddDays(-days), now.AddDays(-rules.RestoreDays), cancellationToken)) archived++;
                            break;
                    }
                }
                token = page.ContinuationToken;
            } while (token is not null);
        }
        return new(archived, expired);
    }
}
