using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Storage;

/// <summary>Hands out each customer's <see cref="CustomerImageSpace"/> per <c>ObjectStore:Isolation</c>.</summary>
public sealed class CustomerImageSpaces(IObjectStore store, IOptions<ObjectStoreOptions> options)
{
    public const string PrefixRoot = "customers/";
    private readonly ObjectStoreOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensuredBuckets = new(StringComparer.Ordinal);

    public IObjectStore Store => store;

    /// <summary>The space of the customer with this id (a GUID, or 1-32 lowercase letters and digits).</summary>
    public CustomerImageSpace For(string ownerId)
    {
        var id = CustomerId.Normalize(ownerId);
        var (bucket, prefix) = _options.IsBucketIsolation
            ? (BucketName.Validate(_options.BucketTemplate.Replace("{id}", id)), "")
            : (_options.Bucket, $"{PrefixRoot}{id}/");
        return new CustomerImageSpace(store, id, bucket, prefix, cancellationToken => EnsureBucketOnceAsync(bucket, cancellationToken));
    }

    private Task EnsureBucketOnceAsync(string bucket, CancellationToken cancellationToken)
    {
        var ensure = _ensuredBuckets.GetOrAdd(bucket, b => new Lazy<Task>(() => store.EnsureBucketAsync(b, CancellationToken.None)));
        if (ensure.Value.IsFaulted) _ensuredBuckets.TryRemove(new KeyValuePair<string, Lazy<Task>>(bucket, ensure));
        return ensure.Value.WaitAsync(cancellationToken);
    }
}
