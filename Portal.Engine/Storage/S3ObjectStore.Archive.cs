using Amazon.S3;
using Amazon.S3.Model;

namespace Portal.Engine.Storage;

/// <summary>
/// Archived objects on S3. A GET of a GLACIER or DEEP_ARCHIVE object (or an Intelligent-Tiering archive tier) fails
/// with InvalidObjectState until a restored copy exists: the store then asks for one (RestoreObject, for
/// <see cref="ObjectLifecycleSettings.RestoreDays"/> days at <see cref="ObjectLifecycleSettings.RestoreTier"/>) and
/// throws <see cref="ObjectArchivedException"/>; later reads get the restored copy. GLACIER_IR objects read at once.
/// </summary>
public sealed partial class S3ObjectStore
{
    private static readonly string[] RestoredFirst = ["GLACIER", "DEEP_ARCHIVE"];

    private Tag? LifecycleTag(string bucket, string key) =>
        classifier?.Classify(bucket, key) is { } kind ? new Tag { Key = ObjectLifecycleTag.Name, Value = ObjectLifecycleTag.Value(kind) } : null;

    private Task TagAsync(string bucket, string key, Tag tag, CancellationToken cancellationToken) =>
        client.PutObjectTaggingAsync(new PutObjectTaggingRequest { BucketName = bucket, Key = key, Tagging = new Tagging { TagSet = [tag] } }, cancellationToken);

    private async Task<ObjectArchivedException> RestoreAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var settings = lifecycle ?? new ObjectLifecycleSettings();
        var tier = ObjectLifecycleSettings.RestoreTiers.First(t => string.Equals(t, settings.RestoreTier, StringComparison.OrdinalIgnoreCase));
        try
        {
            await client.RestoreObjectAsync(new RestoreObjectRequest
            {
                BucketName = bucket,
                Key = key,
                Days = settings.RestoreDays,
                Tier = GlacierJobTier.FindValue(tier),
            }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "RestoreAlreadyInProgress")
        {
            // asked for by an earlier read
        }
        return new ObjectArchivedException(bucket, key, settings.TypicalRestoreTime);
    }

    /// <summary>In an archive class without a finished restore (x-amz-restore shows one under way or none at all).</summary>
    private static bool IsArchived(GetObjectMetadataResponse response) =>
        (response.StorageClass is { } storageClass && RestoredFirst.Contains(storageClass.Value, StringComparer.Ordinal)
         || response.ArchiveStatus is not null)
        && (response.RestoreInProgress == true || response.RestoreExpiration is null);
}
