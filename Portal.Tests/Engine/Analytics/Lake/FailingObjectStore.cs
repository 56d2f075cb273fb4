using Portal.Engine.Storage;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary>The real store, except that writes of the keys <paramref name="fails"/> picks throw, as a store outage would.</summary>
internal sealed class FailingObjectStore(IObjectStore inner, Func<string, bool> fails) : IObjectStore
{
    public Task EnsureBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.EnsureBucketAsync(bucket, cancellationToken);

    public Task<ObjectInfo> PutAsync(string bucket, string key, Stream content, string contentType, IReadOnlyDictionary<string, string>? metadata = null,
        CancellationToken cancellationToken = default) =>
        fails(key) ? throw new IOException($"Write of {key} failed (injected).") : inner.PutAsync(bucket, key, content, contentType, metadata, cancellationToken);

    public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.GetAsync(bucket, key, cancellationToken);
    public Task<ObjectInfo?> HeadAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.HeadAsync(bucket, key, cancellationToken);

    public Task<ObjectListing> ListAsync(string bucket, string prefix, int pageSize = 1000, string? continuationToken = null, CancellationToken cancellationToken = default) =>
        inner.ListAsync(bucket, prefix, pageSize, continuationToken, cancellationToken);

    public Task DeleteAsync(string bucket, string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(bucket, key, cancellationToken);
    public Task DeleteBucketAsync(string bucket, CancellationToken cancellationToken = default) => inner.DeleteBucketAsync(bucket, cancellationToken);
}
