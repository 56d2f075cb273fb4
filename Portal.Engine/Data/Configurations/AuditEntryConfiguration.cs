using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Auditing;

namespace Portal.Engine.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> audit)
    {
        audit.ToTable("audit_entries");
        audit.HasIndex(a => new { a.EntityType, a.EntityId, a.At });
        audit.Property(a => a.EntityType).HasMaxLength(64);
        audit.Property(a => a.EntityId).HasMaxLength(64);
        audit.Property(a => a.Action).HasMaxLength(32);
        audit.Property(a => a.UserName).HasMaxLength(256);
    }
}
