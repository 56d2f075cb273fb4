using System.ComponentModel.DataAnnotations;

namespace Portal.Engine.Catalog;

/// <summary>A product Sales offer in the shop.</summary>
public class CatalogItem : IVersioned, ITimestamped
{
    public const int SkuMaxLength = 32;
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 2000;
    public const int CategoryMaxLength = 60;
    public const int PhotoKeyMaxLength = 512;

    public int Id { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public required string Category { get; set; }
    public decimal Price { get; set; }
    public string Currency { get; set; } = "EUR";
    public int WeightGrams { get; set; }
    public int Stock { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>Archived items are hidden everywhere but the archive view; restoring clears it.</summary>
    public DateTime? ArchivedAt { get; set; }
    /// <summary>The product photo's key in the shared "catalog" image space (served by <c>/catalog-img</c>), or null.</summary>
    [MaxLength(PhotoKeyMaxLength)]
    public string? PhotoKey { get; set; }
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
