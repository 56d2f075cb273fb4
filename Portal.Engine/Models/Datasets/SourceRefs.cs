using Portal.Engine.Catalog;
using Portal.Engine.Models.Embeddings;
using Portal.Engine.Storage;

namespace Portal.Engine.Models.Datasets;

/// <summary>
/// The <c>s3://bucket/key</c> of an image as a manifest names it: its original's location in the object store, that is
/// its image space's bucket and the space's prefix plus the key (customer images: <c>customers/{owner}/originals/...</c> in
/// the shared bucket, or <c>originals/...</c> in the owner's bucket under bucket isolation; product photos: the catalog space).
/// </summary>
public sealed class SourceRefs(CustomerImageSpaces spaces)
{
    public string For(ImageSource source, string objectKey, string? ownerUserId)
    {
        var space = spaces.For(source == ImageSource.Product ? CatalogPhotos.Space : ownerUserId!);
        var location = space.Locate(objectKey);
        return $"s3://{location.Bucket}/{location.Key}";
    }

    public string For(DatasetItem item) => For(item.Source, item.ObjectKey, item.OwnerUserId);

    /// <summary>The bucket and key of an <c>s3://bucket/key</c> reference, or null when it is not one.</summary>
    public static (string Bucket, string Key)? Parse(string? sourceRef)
    {
        if (sourceRef is null || !sourceRef.StartsWith("s3://", StringComparison.Ordinal)) return null;
        var rest = sourceRef["s3://".Length..];
        var slash = rest.IndexOf('/');
        if (slash <= 0 || slash == rest.Length - 1) return null;
        return (rest[..slash], rest[(slash + 1)..]);
    }
}
