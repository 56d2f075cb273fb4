using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Identity;
using Portal.Engine.Images;

namespace Portal.Engine.Data.Configurations;

internal sealed class ImageAssetConfiguration : IEntityTypeConfiguration<ImageAsset>
{
    public void Configure(EntityTypeBuilder<ImageAsset> image)
    {
        image.ToTable("images");
        image.HasIndex(i => new { i.OwnerUserId, i.CreatedAt });
        image.HasOne<PortalUser>().WithMany().HasForeignKey(i => i.OwnerUserId).OnDelete(DeleteBehavior.Cascade);
        image.HasMany(i => i.Renditions).WithOne().HasForeignKey(r => r.ImageAssetId).OnDelete(DeleteBehavior.Cascade);
        image.Property(i => i.OriginalKey).HasMaxLength(512);
        image.Property(i => i.FileName).HasMaxLength(255);
        image.Property(i => i.ContentType).HasMaxLength(64);
        image.Property(i => i.Status).HasConversion<string>().HasMaxLength(16);
        image.Property(i => i.Error).HasMaxLength(1000);
        image.Property(i => i.Sha256).HasMaxLength(64);
        image.Property(i => i.Format).HasMaxLength(16);
        image.Property(i => i.Camera).HasMaxLength(200);
        image.Property(i => i.DominantColor).HasMaxLength(7);
        image.Property(i => i.ThumbnailKey).HasMaxLength(512);
        image.Property(i => i.WebKey).HasMaxLength(512);
    }
}

internal sealed class ImageRenditionConfiguration : IEntityTypeConfiguration<ImageRendition>
{
    public void Configure(EntityTypeBuilder<ImageRendition> rendition)
    {
        rendition.ToTable("image_renditions");
        // One record per stored object: deleting one rendition deletes its object, which no other record may point at.
        rendition.HasIndex(r => new { r.ImageAssetId, r.Key }).IsUnique();
        rendition.Property(r => r.Key).HasMaxLength(512);
        rendition.Property(r => r.ContentType).HasMaxLength(64);
    }
}
