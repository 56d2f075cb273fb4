using Portal.Engine.Storage;

namespace Portal.Tests.Features.Images;

/// <summary>
/// An object store over another whose deletions fail while <see cref="FailDeletes"/> is set, as an unreachable S3 would;
/// or only those of keys containing <see cref="FailDeletesOf"/> (a store failing part-way).
/// </summary>
public sealed class FaultyObjectStore(IObjectStore inner) : IObjectStore
{
    public bool FailDeletes { get; set; }
    public string? FailDeletesOf { get; set; }

    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);

    public Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default) => inner.PutAsync(bucket, key, content, contentType, metadata, cancellationToken);

    public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.GetAsync(bucket, key, cancellationToken);

    public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.HeadAsync(bucket, key, cancellationToken);

    public Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null,
        CancellationToken cancellationToken = default) => inner.ListAsync(bucket, prefix, pageSize, continuationToken, cancellationToken);

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        FailDeletes || (FailDeletesOf is not null && key.Contains(FailDeletesOf)) ? throw new IOException("the store is unavailable") : inner.DeleteAsync(bucket, key, cancellationToken);

    public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) =>
        FailDeletes ? throw new IOException("the store is unavailable") : inner.DeleteBucketAsync(bucket, cancellationToken);
}
