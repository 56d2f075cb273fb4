using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Messaging.Worker;

namespace Portal.Engine.Data.Configurations;

internal sealed class DeadLetterConfiguration : IEntityTypeConfiguration<DeadLetter>
{
    public void Configure(EntityTypeBuilder<DeadLetter> letter)
    {
        letter.ToTable("dead_letters");
        letter.HasKey(l => l.Id);
        letter.HasIndex(l => new { l.Handler, l.Id });
        letter.Property(l => l.Handler).HasMaxLength(128);
        letter.Property(l => l.Topic).HasMaxLength(249);
        letter.Property(l => l.Key).HasMaxLength(256);
        letter.Property(l => l.EventId).HasMaxLength(128);
        letter.Property(l => l.Type).HasMaxLength(256);
        letter.Property(l => l.Error).HasMaxLength(4000);
    }
}

internal sealed class ProcessedEventConfiguration : IEntityTypeConfiguration<ProcessedEvent>
{
    public void Configure(EntityTypeBuilder<ProcessedEvent> processed)
    {
        processed.ToTable("processed_events");
        processed.HasKey(p => new { p.Handler, p.EventId });
        processed.HasIndex(p => p.ProcessedAt);
        processed.Property(p => p.Handler).HasMaxLength(128);
        processed.Property(p => p.EventId).HasMaxLength(128);
    }
}

internal sealed class ConsumerControlConfiguration : IEntityTypeConfiguration<ConsumerControl>
{
    public void Configure(EntityTypeBuilder<ConsumerControl> control)
    {
        control.ToTable("consumer_controls");
        control.HasKey(c => c.Handler);
        control.Property(c => c.Handler).HasMaxLength(128);
        control.Property(c => c.ChangedBy).HasMaxLength(256);
    }
}

internal sealed class WorkerInvocationConfiguration : IEntityTypeConfiguration<WorkerInvocation>
{
    public void Configure(EntityTypeBuilder<WorkerInvocation> invocation)
    {
        invocation.ToTable("worker_invocations");
        invocation.HasKey(i => i.Id);
        invocation.HasIndex(i => i.At);
        invocation.Property(i => i.Handler).HasMaxLength(128);
    }
}
