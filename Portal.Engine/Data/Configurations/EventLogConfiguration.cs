using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging.Log.Embedded;

namespace Portal.Engine.Data.Configurations;

internal sealed class EventLogRecordConfiguration : IEntityTypeConfiguration<EventLogRecord>
{
    public void Configure(EntityTypeBuilder<EventLogRecord> record)
    {
        record.ToTable("event_log_records");
        record.HasKey(r => new { r.Topic, r.Partition, r.Offset });
        record.Property(r => r.Topic).HasMaxLength(249);
        // Retention prunes by age; AT_TIMESTAMP finds a partition's first record not older than a time.
        record.HasIndex(r => r.Timestamp);
        record.HasIndex(r => new { r.Topic, r.Partition, r.Timestamp });
    }
}

internal sealed class EventLogPartitionConfiguration : IEntityTypeConfiguration<EventLogPartition>
{
    public void Configure(EntityTypeBuilder<EventLogPartition> partition)
    {
        partition.ToTable("event_log_partitions");
        partition.HasKey(p => new { p.Topic, p.Partition });
        partition.Property(p => p.Topic).HasMaxLength(249);
    }
}

internal sealed class EventLogMemberConfiguration : IEntityTypeConfiguration<EventLogMember>
{
    public void Configure(EntityTypeBuilder<EventLogMember> member)
    {
        member.ToTable("event_log_members");
        member.HasKey(m => new { m.GroupId, m.MemberId });
        member.Property(m => m.GroupId).HasMaxLength(249);
        member.Property(m => m.MemberId).HasMaxLength(64);
    }
}

internal sealed class EventLogGroupPartitionConfiguration : IEntityTypeConfiguration<EventLogGroupPartition>
{
    public void Configure(EntityTypeBuilder<EventLogGroupPartition> held)
    {
        held.ToTable("event_log_group_partitions");
        held.HasKey(g => new { g.GroupId, g.Topic, g.Partition });
        held.Property(g => g.GroupId).HasMaxLength(249);
        held.Property(g => g.Topic).HasMaxLength(249);
        held.Property(g => g.Owner).HasMaxLength(64);
    }
}
