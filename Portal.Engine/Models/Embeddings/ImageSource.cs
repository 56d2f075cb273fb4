namespace Portal.Engine.Models.Embeddings;

/// <summary>Where an image lives: a customer's upload (its space is the owner's) or a product photo (the catalog space).</summary>
public enum ImageSource
{
    Customer,
    Product,
}

/// <summary>
/// One stored image, named the same way everywhere in the models feature: its source, the key of its original in its
/// image space, and the row it belongs to (the customer image's id, or the catalog item's id for a product photo).
/// </summary>
public sealed record ImageRef(ImageSource Source, string ObjectKey, Guid? ImageId = null, int? CatalogItemId = null, string? OwnerUserId = null);
