using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.ApiKeys;
using Portal.Engine.Catalog;
using Portal.Engine.Identity;
using Portal.Engine.Logistics;
using Portal.Engine.Storefront;

namespace Portal.Engine.Data.Configurations;

internal sealed class CartLineConfiguration : IEntityTypeConfiguration<CartLine>
{
    public void Configure(EntityTypeBuilder<CartLine> line)
    {
        line.ToTable("cart_lines");
        line.HasIndex(l => new { l.UserId, l.CatalogItemId }).IsUnique();
        line.HasOne<PortalUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        line.HasOne<CatalogItem>().WithMany().HasForeignKey(l => l.CatalogItemId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.ToTable("api_keys");
        key.HasIndex(k => k.Prefix).IsUnique();
        key.HasIndex(k => k.UserId);
        key.HasOne<PortalUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        key.Property(k => k.Name).HasMaxLength(80);
        key.Property(k => k.Prefix).HasMaxLength(16);
        key.Property(k => k.SecretHash).HasMaxLength(64);
        // Keys made before scopes existed are the logistics API's.
        key.Property(k => k.Scope).HasConversion<string>().HasMaxLength(16).HasDefaultValue(ApiKeyScope.Logistics);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> record)
    {
        record.ToTable("idempotency_records");
        record.HasIndex(r => new { r.Caller, r.Key }).IsUnique();
        record.HasIndex(r => r.CreatedAt);
        record.Property(r => r.Caller).HasMaxLength(64);
        record.Property(r => r.Key).HasMaxLength(128);
        record.Property(r => r.RequestHash).HasMaxLength(64);
        record.Property(r => r.ResponseContentType).HasMaxLength(100);
    }
}
