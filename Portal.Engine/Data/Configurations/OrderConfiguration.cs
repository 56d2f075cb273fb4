using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Catalog;
using Portal.Engine.Ordering;

namespace Portal.Engine.Data.Configurations;

internal sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> order)
    {
        order.ToTable("orders");
        order.HasIndex(o => new { o.Status, o.PlacedAt });
        order.HasIndex(o => o.PlacedAt);
        order.HasOne(o => o.Customer).WithMany().HasForeignKey(o => o.CustomerId).OnDelete(DeleteBehavior.Restrict);
        order.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId).OnDelete(DeleteBehavior.Cascade);
        order.Property(o => o.Status).HasConversion<string>().HasMaxLength(16);
        order.Property(o => o.Currency).HasMaxLength(3).IsFixedLength();
        order.Property(o => o.Subtotal).HasPrecision(12, 2);
        order.Property(o => o.Discount).HasPrecision(12, 2);
        order.Property(o => o.Total).HasPrecision(12, 2);
        order.Property(o => o.ShippingPrice).HasPrecision(12, 2);
        order.Property(o => o.ShippingMethod).HasMaxLength(24);
        order.Property(o => o.PaymentReference).HasMaxLength(64);
        order.Property(o => o.Carrier).HasMaxLength(40);
        order.Property(o => o.TrackingNumber).HasMaxLength(64);
        order.Property(o => o.Version).IsConcurrencyToken();
        order.OwnsOne(o => o.ShippingAddress, AddressColumns.Configure);
    }
}

internal sealed class OrderLineConfiguration : IEntityTypeConfiguration<OrderLine>
{
    public void Configure(EntityTypeBuilder<OrderLine> line)
    {
        line.ToTable("order_lines");
        line.HasOne<CatalogItem>().WithMany().HasForeignKey(l => l.CatalogItemId).OnDelete(DeleteBehavior.Restrict);
        line.Property(l => l.Sku).HasMaxLength(CatalogItem.SkuMaxLength);
        line.Property(l => l.Name).HasMaxLength(CatalogItem.NameMaxLength);
        line.Property(l => l.UnitPrice).HasPrecision(12, 2);
        line.Property(l => l.LineTotal).HasPrecision(12, 2);
    }
}
