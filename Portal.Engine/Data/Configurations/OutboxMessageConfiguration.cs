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
        // The relay scans for unpublished messages in order; the pruner for old published ones.
        message.HasIndex(m => new { m.PublishedAt, m.Sequence });
        message.Property(m => m.Family).HasMaxLength(64);
        message.Property(m => m.Key).HasMaxLength(128);
        message.Property(m => m.Type).HasMaxLength(128);
        message.Property(m => m.Subject).HasMaxLength(256);
        message.Property(m => m.LastError).HasMaxLength(2000);
    }
}
