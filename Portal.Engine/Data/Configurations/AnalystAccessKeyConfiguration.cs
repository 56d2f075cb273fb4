using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Identity;

namespace Portal.Engine.Data.Configurations;

internal sealed class AnalystAccessKeyConfiguration : IEntityTypeConfiguration<AnalystAccessKey>
{
    public void Configure(EntityTypeBuilder<AnalystAccessKey> key)
    {
        key.ToTable("analyst_access_keys");
        key.HasIndex(k => k.AccessKeyId).IsUnique();
        key.HasIndex(k => k.UserId);
        key.HasOne<PortalUser>().WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        key.Property(k => k.AccessKeyId).HasMaxLength(AnalystAccessKeyText.MaxIdLength);
        key.Property(k => k.ProtectedSecret).HasMaxLength(1024);
        key.Property(k => k.Name).HasMaxLength(80);
    }
}
