using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Customers;

namespace Portal.Engine.Data.Configurations;

internal sealed class LakeExportRunConfiguration : IEntityTypeConfiguration<LakeExportRun>
{
    public void Configure(EntityTypeBuilder<LakeExportRun> run)
    {
        run.ToTable("lake_export_runs");
        run.Property(r => r.Dataset).HasMaxLength(64);
        run.Property(r => r.Owner).HasMaxLength(256);
        run.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.Outcome).HasConversion<string>().HasMaxLength(16);
        run.Property(r => r.CurrentTable).HasMaxLength(64);
        run.Property(r => r.Error).HasMaxLength(2000);
        run.HasIndex(r => new { r.Dataset, r.StartedAt });
        // One running export per dataset, across instances: the insert of the second one fails.
        run.HasIndex(r => r.Dataset).IsUnique().HasFilter("\"Outcome\" = 'Running'").HasDatabaseName("IX_lake_export_runs_running");
    }
}

internal sealed class LakeSecretConfiguration : IEntityTypeConfiguration<LakeSecret>
{
    public void Configure(EntityTypeBuilder<LakeSecret> secret)
    {
        secret.ToTable("lake_secrets");
        secret.HasKey(s => s.Name);
        secret.Property(s => s.Name).HasMaxLength(64);
        secret.Property(s => s.Value).HasMaxLength(256);
    }
}

internal sealed class MembershipChangeConfiguration : IEntityTypeConfiguration<MembershipChange>
{
    public void Configure(EntityTypeBuilder<MembershipChange> change)
    {
        change.ToTable("membership_changes");
        change.HasOne(c => c.Customer).WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        change.Property(c => c.Tier).HasConversion<string>().HasMaxLength(16);
        change.HasIndex(c => new { c.CustomerId, c.EffectiveFrom });
    }
}
