namespace Portal.Engine.Storage;

/// <summary>
/// Buckets of keyed byte objects: the local file system by default, any S3-protocol service at scale.
/// Engine code reaches a customer's objects only through <see cref="CustomerImageSpace"/>.
/// Keys are checked by <see cref="ObjectKey"/>; a bad key throws <see cref="InvalidObjectKeyException"/>.
/// </summary>
public interface IObjectStore
{
    /// <summary>Creates the bucket if it does not exist yet.</summary>
    Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/> (read to its end) under the key, replacing any object there.</summary>
    Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The object and its content stream (dispose it), or null when there is no such object or bucket. An archived object
    /// throws <see cref="ObjectArchivedException"/> after requesting its restore.
    /// </summary>
    Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>What is known about the object without reading it, or null when there is none.</summary>
    Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>One page of the keys that start with <paramref name="prefix"/>, in ordinal key order.</summary>
    Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null,
        CancellationToken cancellationToken = default);

    /// <summary>Removes the object; removing a missing object is not an error.</summary>
    Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default);

    /// <summary>Removes the bucket and everything in it; a missing bucket is not an error.</summary>
    Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default);
}

/// <summary>
/// An object's size, type and identity; <see cref="Key"/> is the store's full key,
/// <see cref="ETag"/> an opaque version tag without quotes (the MD5 hex of the content for single-part writes).
/// </summary>
public sealed record ObjectInfo(
    string Key,
    long Length,
    string ContentType,
    DateTimeOffset LastModified,
    string ETag,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>In an archive tier: reading it starts a restore (see <see cref="ObjectArchivedException"/>).</summary>
    public bool Archived { get; init; }
}

/// <summary>An entry of a listing (listings do not carry content types or metadata).</summary>
public sealed record ObjectSummary(string Key, long Length, DateTimeOffset LastModified, string ETag);

/// <summary>One page of a listing; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record ObjectListing(IReadOnlyList<ObjectSummary> Objects, string? ContinuationToken);

/// <summary>A write into a bucket that does not exist (call <see cref="IObjectStore.EnsureBucketAsync"/> first).</summary>
public sealed class ObjectBucketNotFoundException(string bucket)
    : InvalidOperationException($"Bucket '{bucket}' does not exist.")
{
    public string Bucket { get; } = bucket;
}

/// <summary>An object being read: dispose it to release the connection or file.</summary>
public sealed class StoredObject(ObjectInfo info, Stream content, IDisposable? owner = null) : IAsyncDisposable, IDisposable
{
    public ObjectInfo Info { get; } = info;
    public Stream Content { get; } = content;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        owner?.Dispose();
    }

    public void Dispose()
    {
        Content.Dispose();
        owner?.Dispose();
    }
}
