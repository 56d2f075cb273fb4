using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Analytics.Athena;

namespace Portal.Engine.Data.Configurations;

internal sealed class AthenaQueryExecutionConfiguration : IEntityTypeConfiguration<AthenaQueryExecution>
{
    public void Configure(EntityTypeBuilder<AthenaQueryExecution> execution)
    {
        execution.ToTable("athena_query_executions");
        execution.HasKey(e => e.Id);
        execution.Property(e => e.Id).HasMaxLength(36);
        execution.Property(e => e.UserId).HasMaxLength(64);
        execution.Property(e => e.ClientRequestToken).HasMaxLength(128);
        execution.Property(e => e.RequestHash).HasMaxLength(64);
        execution.Property(e => e.Database).HasMaxLength(255);
        execution.Property(e => e.Catalog).HasMaxLength(256);
        execution.Property(e => e.WorkGroup).HasMaxLength(128);
        execution.Property(e => e.OutputLocation).HasMaxLength(1024);
        execution.Property(e => e.State).HasMaxLength(16);
        execution.Property(e => e.StateChangeReason).HasMaxLength(4000);
        execution.Property(e => e.Runner).HasMaxLength(128);
        execution.HasIndex(e => new { e.UserId, e.ClientRequestToken }).IsUnique();
        execution.HasIndex(e => new { e.UserId, e.WorkGroup, e.SubmittedAt });
        execution.HasIndex(e => new { e.State, e.SubmittedAt });
    }
}
