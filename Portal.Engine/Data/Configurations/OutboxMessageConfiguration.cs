using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging;

namespace Portal.Engine.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        // outbox_pending_add (created by the OutboxPendingTable migration of each provider) adds an outbox_pending row for
        // every row inserted, in the same statement's transaction.
        message.ToTable("outbox_messages", t => t.HasTrigger("outbox_pending_add"));
        message.HasKey(m => m.Sequence);
        message.Property(m => m.Sequence).ValueGeneratedOnAdd();
        message.HasIndex(m => m.EventId).IsUnique();
        // Which rows wait for the relay is in outbox_pending (OutboxPending), filled by a trigger: publishing never writes
        // these 1 KB rows again, and the pruner finds old rows through the key (OutboxRelay.PruneAsync).
        message.Property(m => m.Family).HasMaxLength(64);
        message.Property(m => m.Key).HasMaxLength(128);
        message.Property(m => m.Type).HasMaxLength(128);
        message.Property(m => m.Subject).HasMaxLength(256);
        message.Property(m => m.LastError).HasMaxLength(2000);
        message.Property(m => m.TraceParent).HasMaxLength(128); // version 00 is 55 characters; room for later versions
    }
}
