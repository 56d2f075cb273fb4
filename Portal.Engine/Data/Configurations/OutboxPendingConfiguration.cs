using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging;

namespace Portal.Engine.Data.Configurations;

internal sealed class OutboxPendingConfiguration : IEntityTypeConfiguration<OutboxPending>
{
    public void Configure(EntityTypeBuilder<OutboxPending> pending)
    {
        pending.ToTable("outbox_pending"); // filled by the outbox's trigger (OutboxMessageConfiguration)
        pending.HasKey(p => p.Sequence);
        pending.Property(p => p.Sequence).ValueGeneratedNever();
    }
}
