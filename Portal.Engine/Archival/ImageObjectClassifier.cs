using Microsoft.Extensions.Options;
using Portal.Engine.Images;
using Portal.Engine.Imaging;
using Portal.Engine.Storage;

namespace Portal.Engine.Archival;

/// <summary>
/// Which objects the lifecycle rules apply to: in a customer's image space, uploaded originals
/// (<see cref="ImageLibrary.OriginalsPrefix"/>) are archived and cached renditions (<see cref="RenditionCache.Prefix"/>)
/// expire. Everything else (standard renditions, catalog photos, the lake, models) is left alone.
/// </summary>
public sealed class ImageObjectClassifier(IOptions<ObjectStoreOptions> options) : IObjectLifecycleClassifier
{
    public ObjectLifecycleClass? Classify(string bucket, string key)
    {
        if (SpaceKey(bucket, key) is not { } relative) return null;
        if (RenditionCache.IsCached(relative)) return ObjectLifecycleClass.Rendition;
        if (relative.StartsWith(ImageLibrary.OriginalsPrefix, StringComparison.Ordinal)) return ObjectLifecycleClass.Original;
        return null;
    }

    /// <summary>Whether <paramref name="bucket"/> holds customers' image spaces.</summary>
    public bool IsImageBucket(string bucket)
    {
        var o = options.Value;
        if (!o.IsBucketIsolation) return string.Equals(bucket, o.Bucket, StringComparison.Ordinal);
        var parts = o.BucketTemplate.Split("{id}");
        return parts.Length == 2 && bucket.Length > parts[0].Length + parts[1].Length
            && bucket.StartsWith(parts[0], StringComparison.Ordinal) && bucket.EndsWith(parts[1], StringComparison.Ordinal);
    }

    /// <summary>The prefix under which a bucket's image spaces are (<c>customers/</c> in Prefix isolation).</summary>
    public string SpacesPrefix => options.Value.IsBucketIsolation ? "" : CustomerImageSpaces.PrefixRoot;

    /// <summary>The key inside its customer's space, or null when the object is in no space.</summary>
    private string? SpaceKey(string bucket, string key)
    {
        if (!IsImageBucket(bucket)) return null;
        if (options.Value.IsBucketIsolation) return key;
        if (!key.StartsWith(CustomerImageSpaces.PrefixRoot, StringComparison.Ordinal)) return null;
        var slash = key.IndexOf('/', CustomerImageSpaces.PrefixRoot.Length);
        return slash < 0 ? null : key[(slash + 1)..];
    }
}
