using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Portal.Features.Images;

/// <summary>A rendition as the handler answers it.</summary>
public sealed record KeptRendition(byte[] Content, string ContentType, DateTimeOffset LastModified);

/// <summary>
/// The renditions this instance answered lately, kept in memory in front of the object store's <c>cache/</c>
/// (<c>Imaging:Handler:MemoryCacheMegabytes</c>, 0 turns it off): a repeat skips the store read. An entry is found only
/// with its source's ETag, so a replaced source never finds an old rendition, and the handler still looks the source up
/// for every request, so a deleted image is a 404 at once on every instance.
/// </summary>
public sealed class RenditionMemory : IDisposable
{
    /// <summary>Larger renditions are read from the store each time: a few of them would push out many small ones.</summary>
    public const int MaxEntryBytes = 1 << 20;

    private readonly MemoryCache? _cache;

    public RenditionMemory(IOptions<ImageHandlerOptions> options)
    {
        var limit = (long)options.Value.MemoryCacheMegabytes << 20;
        if (limit > 0) _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = limit, CompactionPercentage = 0.25 });
    }

    public bool TryGet(string ownerId, string renditionKey, string sourceETag, [NotNullWhen(true)] out KeptRendition? rendition)
    {
        rendition = null;
        return _cache is not null && _cache.TryGetValue(Key(ownerId, renditionKey, sourceETag), out rendition) && rendition is not null;
    }

    public void Keep(string ownerId, string renditionKey, string sourceETag, KeptRendition rendition)
    {
        if (_cache is null || rendition.Content.Length > MaxEntryBytes) return;
        using var entry = _cache.CreateEntry(Key(ownerId, renditionKey, sourceETag));
        entry.Value = rendition;
        entry.Size = rendition.Content.Length + 256L; // the record and its key
        entry.SlidingExpiration = TimeSpan.FromMinutes(30);
    }

    private static string Key(string ownerId, string renditionKey, string sourceETag) => $"{ownerId}\n{renditionKey}\n{sourceETag}";

    public void Dispose() => _cache?.Dispose();
}
