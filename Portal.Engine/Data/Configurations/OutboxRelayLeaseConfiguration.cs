using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging.Relay;

namespace Portal.Engine.Data.Configurations;

internal sealed class OutboxRelayLeaseConfiguration : IEntityTypeConfiguration<OutboxRelayLease>
{
    public void Configure(EntityTypeBuilder<OutboxRelayLease> lease)
    {
        lease.ToTable("outbox_relay_leases");
        lease.HasKey(l => l.Name);
        lease.Property(l => l.Name).HasMaxLength(64);
        lease.Property(l => l.Owner).HasMaxLength(256);
        // The row exists from the start, so taking the lease is always one conditional UPDATE.
        lease.HasData(new OutboxRelayLease { Name = OutboxRelayLease.Outbox, ExpiresAt = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
    }
}
