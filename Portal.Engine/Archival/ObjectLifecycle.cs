using Amazon.S3;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Storage;

namespace Portal.Engine.Archival;

/// <summary>
/// Carries out <c>ObjectStore:Lifecycle</c> on whichever store is configured: on S3 it (re)applies the rules to every
/// image bucket (customer buckets made since the last run included); on the folder store it sweeps them itself.
/// Exported analytics data is kept by the export (see <c>LakeRetention</c>), on both stores.
/// </summary>
public sealed class ObjectLifecycle(IObjectStore store, ImageObjectClassifier classifier, IOptions<ObjectStoreOptions> options,
    TimeProvider clock, ILogger<ObjectLifecycle> logger)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        switch (store)
        {
            case S3ObjectStore s3:
                foreach (var result in await ApplyToBucketsAsync(s3.Client, cancellationToken))
                {
                    if (result.Outcome == LifecycleApplyOutcome.NotSupported)
                        logger.LogError("Object lifecycle: bucket {Bucket}: {Detail} ({Section})", result.Bucket, result.Detail, ObjectLifecycleSettings.Section);
                    else
                        logger.LogInformation("Object lifecycle: bucket {Bucket} {Outcome}: {Rules}", result.Bucket, result.Outcome, string.Join("; ", result.Rules));
                }
                break;
            case FileSystemObjectStore folders:
                var sweep = await new FolderLifecycleSweep(folders, classifier, options.Value.Lifecycle, clock).SweepAsync(cancellationToken);
                logger.LogInformation("Object lifecycle: {Archived} original(s) archived, {Expired} cached rendition(s) deleted", sweep.Archived, sweep.Expired);
                break;
        }
    }

    /// <summary>Applies the rules to the image bucket (Prefix isolation) or every customer bucket (Bucket isolation).</summary>
    public async Task<IReadOnlyList<LifecycleApplyResult>> ApplyToBucketsAsync(IAmazonS3 client, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        List<string> buckets;
        if (settings.IsBucketIsolation)
        {
            var listed = await client.ListBucketsAsync(cancellationToken);
            buckets = (listed.Buckets ?? []).Select(b => b.BucketName).Where(classifier.IsImageBucket).ToList();
        }
        else
        {
            await store.EnsureBucketAsync(settings.Bucket, cancellationToken);
            buckets = [settings.Bucket];
        }
        var lifecycle = new S3BucketLifecycle(client);
        var results = new List<LifecycleApplyResult>();
        foreach (var bucket in buckets) results.Add(await lifecycle.ApplyAsync(bucket, settings.Lifecycle, cancellationToken));
        return results;
    }
}
