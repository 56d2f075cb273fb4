using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Portal.Engine.Catalog;

namespace Portal.Features.Images;

/// <summary>
/// The product photos' versions (the object store's ETag) as the image handler last looked them up, so
/// <see cref="CatalogFastLane"/> can answer without a store lookup. A version is trusted for
/// <c>Imaging:Handler:FastLaneSourceSeconds</c> after its lookup, and forgotten sooner when the catalog's change
/// notifications (<see cref="CatalogChangeFeed"/>, fed on every instance from the event log) name its item: photo keys
/// are <c>products/{itemId}-...</c>; a key that names no item is forgotten on any catalog change.
/// </summary>
public sealed class CatalogSourceVersions : IDisposable
{
    private sealed record Version(string ETag, long CheckedAt, int? ItemId);

    private readonly ConcurrentDictionary<string, Version> _versions = new(StringComparer.Ordinal);
    private readonly CatalogChangeFeed _feed;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _trust;
    private long _generation;

    public CatalogSourceVersions(CatalogChangeFeed feed, TimeProvider clock, IOptions<ImageHandlerOptions> options)
    {
        _feed = feed;
        _clock = clock;
        _trust = TimeSpan.FromSeconds(options.Value.FastLaneSourceSeconds);
        _feed.Changed += OnCatalogChanged;
    }

    /// <summary>Read before looking a source up and passed to <see cref="Remember"/>: a change heard in between wins.</summary>
    public long Stamp() => Interlocked.Read(ref _generation);

    /// <summary>The source's version, when it was looked up within the trusted time and no change was heard since.</summary>
    public bool TryGet(string sourceKey, out string etag)
    {
        etag = "";
        if (!_versions.TryGetValue(sourceKey, out var version) || _clock.GetElapsedTime(version.CheckedAt) >= _trust) return false;
        etag = version.ETag;
        return true;
    }

    /// <summary>Keeps what a lookup that started at <paramref name="stamp"/> found, unless a catalog change was heard meanwhile.</summary>
    public void Remember(string sourceKey, string etag, long stamp)
    {
        if (_trust <= TimeSpan.Zero || Stamp() != stamp) return;
        var version = new Version(etag, _clock.GetTimestamp(), ItemOf(sourceKey));
        _versions[sourceKey] = version;
        // A change heard between the check above and the store: its sweep may have run before the store, so undo it here.
        if (Stamp() != stamp) _versions.TryRemove(KeyValuePair.Create(sourceKey, version));
    }

    private void OnCatalogChanged(CatalogChanged change)
    {
        Interlocked.Increment(ref _generation); // before the sweep: see Remember
        var items = change.ItemIds.ToHashSet();
        foreach (var (key, version) in _versions)
            if (version.ItemId is not { } item || items.Contains(item))
                _versions.TryRemove(KeyValuePair.Create(key, version));
    }

    /// <summary>The item a key made by <see cref="CatalogPhotos.NewKey"/> belongs to, or null.</summary>
    public static int? ItemOf(string sourceKey)
    {
        if (!sourceKey.StartsWith(CatalogPhotos.KeyPrefix, StringComparison.Ordinal)) return null;
        var rest = sourceKey.AsSpan(CatalogPhotos.KeyPrefix.Length);
        var dash = rest.IndexOf('-');
        return dash > 0 && int.TryParse(rest[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var item) ? item : null;
    }

    public void Dispose() => _feed.Changed -= OnCatalogChanged;
}
