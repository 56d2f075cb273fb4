using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Catalog;

namespace Portal.Engine.Data.Configurations;

internal sealed class CatalogItemConfiguration : IEntityTypeConfiguration<CatalogItem>
{
    public void Configure(EntityTypeBuilder<CatalogItem> item)
    {
        item.ToTable("catalog_items");
        item.HasIndex(i => i.Sku).IsUnique();
        item.HasIndex(i => i.Category);
        item.HasIndex(i => i.Name);
        item.Property(i => i.Sku).HasMaxLength(CatalogItem.SkuMaxLength);
        item.Property(i => i.Name).HasMaxLength(CatalogItem.NameMaxLength);
        item.Property(i => i.Description).HasMaxLength(CatalogItem.DescriptionMaxLength);
        item.Property(i => i.Category).HasMaxLength(CatalogItem.CategoryMaxLength);
        item.Property(i => i.Currency).HasMaxLength(3).IsFixedLength();
        item.Property(i => i.Price).HasPrecision(12, 2);
        item.Property(i => i.Version).IsConcurrencyToken();
    }
}
