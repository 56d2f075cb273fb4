using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging;

namespace Portal.Engine.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("outbox_messages");
        message.HasKey(m => m.Sequence);
        message.Property(m => m.Sequence).ValueGeneratedOnAdd();
        message.HasIndex(m => m.EventId).IsUnique();
        // The relay reads the unpublished ones in order: an index of just those, so its read does not walk the published rows
        // kept for the retention (7 days' worth). No index on PublishedAt: marking a batch writes a new version of each row
        // into every index, and the pruner finds old rows through the key instead (OutboxRelay.PruneAsync).
        message.HasIndex(m => m.Sequence, "IX_outbox_messages_Unpublished").HasFilter("\"PublishedAt\" IS NULL");
        message.Property(m => m.Family).HasMaxLength(64);
        message.Property(m => m.Key).HasMaxLength(128);
        message.Property(m => m.Type).HasMaxLength(128);
        message.Property(m => m.Subject).HasMaxLength(256);
        message.Property(m => m.LastError).HasMaxLength(2000);
        message.Property(m => m.TraceParent).HasMaxLength(128); // version 00 is 55 characters; room for later versions
    }
}
