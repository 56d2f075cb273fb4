using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Portal.Engine.Storage;

namespace Portal.Engine.Archival;

public enum LifecycleApplyOutcome
{
    /// <summary>The bucket's configuration was written.</summary>
    Applied,
    /// <summary>The bucket already had these rules: nothing was sent.</summary>
    Unchanged,
    /// <summary>The S3 endpoint does not implement bucket lifecycle configuration (e.g. s3rver answers NotImplemented).</summary>
    NotSupported,
}

/// <param name="Rules">The bucket's rules after applying, one line each (see <see cref="S3LifecycleRules.Describe"/>).</param>
public sealed record LifecycleApplyResult(string Bucket, LifecycleApplyOutcome Outcome, IReadOnlyList<string> Rules, string? Detail = null);

/// <summary>
/// Puts the portal's lifecycle rules on a bucket (PutBucketLifecycleConfiguration), idempotently: the current
/// configuration is read first, other rules are kept, and nothing is written when the rules are already there.
/// </summary>
public sealed class S3BucketLifecycle(IAmazonS3 client)
{
    public async Task<LifecycleApplyResult> ApplyAsync(string bucket, ObjectLifecycleSettings settings, CancellationToken cancellationToken)
    {
        List<LifecycleRule> current;
        try
        {
            current = await ReadAsync(bucket, cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsNotImplemented(e))
        {
            return NotSupported(bucket, "GetBucketLifecycleConfiguration", e);
        }
        var wanted = S3LifecycleRules.Merge(current, S3LifecycleRules.For(settings));
        if (S3LifecycleRules.Same(current, wanted))
            return new(bucket, LifecycleApplyOutcome.Unchanged, wanted.Select(S3LifecycleRules.Describe).ToList());
        try
        {
            if (wanted.Count == 0)
                await client.DeleteLifecycleConfigurationAsync(new DeleteLifecycleConfigurationRequest { BucketName = bucket }, cancellationToken);
            else
                await client.PutLifecycleConfigurationAsync(new PutLifecycleConfigurationRequest
                {
                    BucketName = bucket,
                    Configuration = new LifecycleConfiguration { Rules = wanted },
                }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsNotImplemented(e))
        {
            return NotSupported(bucket, "PutBucketLifecycleConfiguration", e);
        }
        return new(bucket, LifecycleApplyOutcome.Applied, wanted.Select(S3LifecycleRules.Describe).ToList());
    }

    /// <summary>The bucket's lifecycle rules (none when it has no configuration).</summary>
    public async Task<List<LifecycleRule>> ReadAsync(string bucket, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.GetLifecycleConfigurationAsync(new GetLifecycleConfigurationRequest { BucketName = bucket }, cancellationToken);
            return response.Configuration?.Rules ?? [];
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchLifecycleConfiguration")
        {
            return [];
        }
    }

    private static bool IsNotImplemented(AmazonS3Exception e) => e.ErrorCode == "NotImplemented" || e.StatusCode == HttpStatusCode.NotImplemented;

    private static LifecycleApplyResult NotSupported(string bucket, string operation, AmazonS3Exception e) =>
        new(bucket, LifecycleApplyOutcome.NotSupported, [],
            $"The S3 endpoint answered {operation} with {(int)e.StatusCode} {e.ErrorCode}: it does not implement bucket lifecycle configuration, so the rules are not applied.");
}
