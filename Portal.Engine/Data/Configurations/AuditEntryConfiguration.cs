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
        audit.HasIndex(a => a.At);
        audit.HasIndex(a => new { a.UserName, a.At });
        audit.Property(a => a.EntityType).HasMaxLength(64);
        audit.Property(a => a.EntityId).HasMaxLength(64);
        audit.Property(a => a.Action).HasMaxLength(32);
        audit.Property(a => a.UserName).HasMaxLength(256);
        audit.Property(a => a.Outcome).HasMaxLength(16).HasDefaultValue(AuditOutcome.Succeeded);
        audit.Property(a => a.RemoteAddress).HasMaxLength(64);
        audit.Property(a => a.UserAgent).HasMaxLength(AuditOrigin.MaxUserAgent);
    }
}
