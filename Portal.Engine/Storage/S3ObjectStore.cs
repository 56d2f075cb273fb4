using System.Net;
using Amazon.S3;
using Amazon.S3.Model;

namespace Portal.Engine.Storage;

/// <summary>
/// The object store on an S3-protocol service (AWS S3, or a compatible server in compatibility mode). With a
/// <paramref name="classifier"/>, objects a lifecycle rule applies to are tagged for the bucket's rules; with
/// <paramref name="tagAfterPut"/> (compatibility mode) by a PutObjectTagging after the upload, for servers that drop the
/// <c>x-amz-tagging</c> header. Archived objects: see S3ObjectStore.Archive.cs.
/// </summary>
public sealed partial class S3ObjectStore(IAmazonS3 client, IObjectLifecycleClassifier? classifier = null,
    ObjectLifecycleSettings? lifecycle = null, bool tagAfterPut = false) : IObjectStore
{
    public IAmazonS3 Client => client;

    public async Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        try
        {
            await client.HeadBucketAsync(new HeadBucketRequest { BucketName = bucket }, cancellationToken);
            return;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // create it below
        }
        try
        {
            await client.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode is "BucketAlreadyOwnedByYou")
        {
            // created concurrently
        }
    }

    public async Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        ObjectKey.Validate(key);
        // PutObject needs a known length: buffer a forward-only stream in a temporary file first.
        await using var seekable = content.CanSeek ? null : await BufferAsync(content, cancellationToken);
        var body = seekable ?? content;
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            AutoCloseStream = false,
            AutoResetStreamPosition = false,
        };
        foreach (var (name, value) in metadata ?? new Dictionary<string, string>()) request.Metadata[name] = value;
        var tag = LifecycleTag(bucket, key);
        if (tag is not null && !tagAfterPut) request.TagSet = [tag];
        var length = body.Length - body.Position;
        try
        {
            var response = await client.PutObjectAsync(request, cancellationToken);
            if (tag is not null && tagAfterPut) await TagAsync(bucket, key, tag, cancellationToken);
            return new ObjectInfo(key, length, contentType, DateTimeOffset.UtcNow, Unquote(response.ETag),
                metadata ?? new Dictionary<string, string>());
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            throw new ObjectBucketNotFoundException(bucket);
        }
    }

    public async Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        ObjectKey.Validate(key);
        GetObjectResponse response;
        try
        {
            response = await client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsNotFound(e))
        {
            return null;
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "InvalidObjectState")
        {
            throw await RestoreAsync(bucket, key, cancellationToken);
        }
        var info = new ObjectInfo(key, response.ContentLength, response.Headers.ContentType ?? "application/octet-stream",
            response.LastModified ?? DateTime.UtcNow, Unquote(response.ETag), ReadMetadata(response.Metadata));
        return new StoredObject(info, response.ResponseStream, response);
    }

    public async Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        ObjectKey.Validate(key);
        try
        {
            var response = await client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
            return new ObjectInfo(key, response.ContentLength, response.Headers.ContentType ?? "application/octet-stream",
                response.LastModified ?? DateTime.UtcNow, Unquote(response.ETag), ReadMetadata(response.Metadata)) { Archived = IsArchived(response) };
        }
        catch (AmazonS3Exception e) when (IsNotFound(e))
        {
            return null;
        }
    }

    public async Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null,
        CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        ObjectKey.ValidatePrefix(prefix);
        if (pageSize is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(pageSize), "pageSize must be 1 to 1000.");
        try
        {
            var response = await client.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = bucket,
                Prefix = prefix,
                MaxKeys = pageSize,
                ContinuationToken = continuationToken,
            }, cancellationToken);
            var objects = (response.S3Objects ?? [])
                .Where(o => o.Key.StartsWith(prefix, StringComparison.Ordinal))
                .Select(o => new ObjectSummary(o.Key, o.Size ?? 0, o.LastModified ?? DateTime.UtcNow, Unquote(o.ETag)))
                .ToList();
            return new ObjectListing(objects, response.IsTruncated == true ? response.NextContinuationToken : null);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
            return new ObjectListing([], null);
        }
    }

    public async Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        ObjectKey.Validate(key);
        try
        {
            await client.DeleteObjectAsync(new DeleteObjectRequest { BucketName = bucket, Key = key }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (IsNotFound(e))
        {
        }
    }

    public async Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default)
    {
        BucketName.Validate(bucket);
        try
        {
            string? token = null;
            do
            {
                var page = await ListAsync(bucket, "", 1000, token, cancellationToken);
                if (page.Objects.Count > 0)
                {
                    await client.DeleteObjectsAsync(new DeleteObjectsRequest
                    {
                        BucketName = bucket,
                        Objects = page.Objects.Select(o => new KeyVersion { Key = o.Key }).ToList(),
                    }, cancellationToken);
                }
                token = page.ContinuationToken;
            } while (token is not null);
            await client.DeleteBucketAsync(new DeleteBucketRequest { BucketName = bucket }, cancellationToken);
        }
        catch (AmazonS3Exception e) when (e.ErrorCode == "NoSuchBucket")
        {
        }
    }

    private static bool IsNotFound(AmazonS3Exception e) =>
        e.StatusCode == HttpStatusCode.NotFound || e.ErrorCode is "NoSuchKey" or "NoSuchBucket";

    private static string Unquote(string? etag) => (etag ?? "").Trim('"');

    private static Dictionary<string, string> ReadMetadata(MetadataCollection metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in metadata.Keys)
        {
            var plain = name.StartsWith("x-amz-meta-", StringComparison.OrdinalIgnoreCase) ? name["x-amz-meta-".Length..] : name;
            result[plain] = metadata[name];
        }
        return result;
    }

    private static async Task<FileStream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        await content.CopyToAsync(file, cancellationToken);
        file.Position = 0;
        return file;
    }
}
