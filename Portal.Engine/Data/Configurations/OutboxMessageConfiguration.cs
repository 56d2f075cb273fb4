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
        // The pruner looks for old published messages.
        message.HasIndex(m => new { m.PublishedAt, m.Sequence });
        // The relay reads the unpublished ones in order: an index of just those, so its read does not walk the published rows
        // kept for the retention (7 days' worth) each time, as it did with the index above (PostgreSQL cannot read it in
        // Sequence order for "PublishedAt IS NULL", so it fetched and sorted every match).
        message.HasIndex(m => m.Sequence, "IX_outbox_messages_Unpublished").HasFilter("\"PublishedAt\" IS NULL");
        message.Property(m => m.Family).HasMaxLength(64);
        message.Property(m => m.Key).HasMaxLength(128);
        message.Property(m => m.Type).HasMaxLength(128);
        message.Property(m => m.Subject).HasMaxLength(256);
        message.Property(m => m.LastError).HasMaxLength(2000);
    }
}
