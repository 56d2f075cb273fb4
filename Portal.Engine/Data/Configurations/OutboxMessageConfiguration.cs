using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging;

namespace Portal.Engine.Data.Configurations;

internal sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> message)
    {
        message.ToTable("outbox_messages");
        // The relay scans for undelivered messages in order.
        message.HasIndex(m => new { m.ProcessedAt, m.OccurredAt });
        message.Property(m => m.Topic).HasMaxLength(128);
        message.Property(m => m.Key).HasMaxLength(128);
        message.Property(m => m.LastError).HasMaxLength(2000);
    }
}
