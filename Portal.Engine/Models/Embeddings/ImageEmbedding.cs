namespace Portal.Engine.Models.Embeddings;

/// <summary>
/// The feature vector a pretrained network gives one stored image (table <c>image_embeddings</c>), computed once by the
/// batch worker and kept with the image: training and similarity read these, never the pixels. Unique per
/// (<see cref="Source"/>, <see cref="ObjectKey"/>, <see cref="Model"/>); a product photo replaced gets a new key, so a
/// new row; the rows of deleted images are deleted with them.
/// </summary>
public class ImageEmbedding
{
    public long Id { get; set; }
    public ImageSource Source { get; set; }
    /// <summary>The original's key in its image space (the customer image's <c>OriginalKey</c>, or the catalog item's photo key).</summary>
    public required string ObjectKey { get; set; }
    /// <summary>The customer image, for <see cref="ImageSource.Customer"/>.</summary>
    public Guid? ImageId { get; set; }
    /// <summary>The catalog item, for <see cref="ImageSource.Product"/>.</summary>
    public int? CatalogItemId { get; set; }
    /// <summary>Whose image it is (customer images only): consent and "similar images" are per owner.</summary>
    public string? OwnerUserId { get; set; }
    /// <summary>The network that made it, e.g. <c>resnet18-v1</c> (<see cref="IImageEmbedder.Model"/>).</summary>
    public required string Model { get; set; }
    /// <summary>The vector as little-endian float32s (<see cref="EmbeddingVectors"/>), <see cref="IImageEmbedder.Dimensions"/> of them.</summary>
    public required byte[] Vector { get; set; }
    public DateTime CreatedAt { get; set; }
}
