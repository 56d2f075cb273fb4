namespace Portal.Engine.Storage;

/// <summary>Where one customer's object lives in the store.</summary>
public readonly record struct ObjectLocation(string Bucket, string Key);

/// <summary>
/// One customer's own objects. The only way engine code reaches a customer's objects: it takes keys
/// relative to the customer's space, validates them, and maps them into the customer's bucket or
/// prefix, so no key can reach another customer's objects. Obtain one from <see cref="CustomerImageSpaces"/>.
/// </summary>
public sealed class CustomerImageSpace
{
    private readonly IObjectStore _store;
    private readonly Func<CancellationToken, Task> _ensureBucket;

    internal CustomerImageSpace(IObjectStore store, string customerId, string bucket, string keyPrefix, Func<CancellationToken, Task> ensureBucket)
    {
        _store = store;
        CustomerId = customerId;
        Bucket = bucket;
        KeyPrefix = keyPrefix;
        _ensureBucket = ensureBucket;
    }

    /// <summary>The normalised customer id.</summary>
    public string CustomerId { get; }

    /// <summary>The bucket that holds this customer's objects.</summary>
    public string Bucket { get; }

    /// <summary>The prefix of every key of this customer in <see cref="Bucket"/> ("" in Bucket isolation).</summary>
    public string KeyPrefix { get; }

    /// <summary>The store location of a key relative to this space (throws for an invalid key).</summary>
    public ObjectLocation Locate(string relativeKey) => new(Bucket, KeyPrefix + ObjectKey.Validate(relativeKey));

    public async Task<ObjectInfo> PutAsync(string relativeKey, Stream content, string contentType,
        IReadOnlyDictionary<string, string>? metadata = null, CancellationToken cancellationToken = default)
    {
        var location = Locate(relativeKey);
        await _ensureBucket(cancellationToken);
        var info = await _store.PutAsync(location.Bucket, location.Key, content, contentType, metadata, cancellationToken);
        return info with { Key = relativeKey };
    }

    public async Task<StoredObject?> GetAsync(string relativeKey, CancellationToken cancellationToken = default)
    {
        var location = Locate(relativeKey);
        var stored = await _store.GetAsync(location.Bucket, location.Key, cancellationToken);
        return stored is null ? null : new StoredObject(stored.Info with { Key = relativeKey }, stored.Content, stored);
    }

    public async Task<ObjectInfo?> HeadAsync(string relativeKey, CancellationToken cancellationToken = default)
    {
        var location = Locate(relativeKey);
        var info = await _store.HeadAsync(location.Bucket, location.Key, cancellationToken);
        return info is null ? null : info with { Key = relativeKey };
    }

    public async Task<bool> ExistsAsync(string relativeKey, CancellationToken cancellationToken = default) =>
        await HeadAsync(relativeKey, cancellationToken) is not null;

    /// <summary>One page of this customer's keys (relative) that start with <paramref name="relativePrefix"/>.</summary>
    public async Task<ObjectListing> ListAsync(string relativePrefix = "", int pageSize = 1000, string? continuationToken = null,
        CancellationToken cancellationToken = default)
    {
        var prefix = KeyPrefix + ObjectKey.ValidatePrefix(relativePrefix);
        var page = await _store.ListAsync(Bucket, prefix, pageSize, continuationToken, cancellationToken);
        var own = page.Objects
            .Where(o => o.Key.StartsWith(KeyPrefix, StringComparison.Ordinal))
            .Select(o => o with { Key = o.Key[KeyPrefix.Length..] })
            .ToList();
        return new ObjectListing(own, page.ContinuationToken);
    }

    public Task DeleteAsync(string relativeKey, CancellationToken cancellationToken = default)
    {
        var location = Locate(relativeKey);
        return _store.DeleteAsync(location.Bucket, location.Key, cancellationToken);
    }

    /// <summary>Removes every object of this customer whose key starts with <paramref name="relativePrefix"/>.</summary>
    public Task DeletePrefixAsync(string relativePrefix, CancellationToken cancellationToken = default) =>
        DeleteUnderAsync(KeyPrefix + ObjectKey.ValidatePrefix(relativePrefix), cancellationToken);

    /// <summary>Removes every object of this customer (and, in Bucket isolation, the customer's bucket).</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        if (KeyPrefix.Length == 0)
        {
            await _store.DeleteBucketAsync(Bucket, cancellationToken);
            return;
        }
        await DeleteUnderAsync(KeyPrefix, cancellationToken);
    }

    // Each pass lists from the start again: what the previous pass listed is gone.
    private async Task DeleteUnderAsync(string prefix, CancellationToken cancellationToken)
    {
        ObjectListing page;
        do
        {
            page = await _store.ListAsync(Bucket, prefix, 1000, null, cancellationToken);
            foreach (var item in page.Objects) await _store.DeleteAsync(Bucket, item.Key, cancellationToken);
        } while (page.ContinuationToken is not null);
    }
}
