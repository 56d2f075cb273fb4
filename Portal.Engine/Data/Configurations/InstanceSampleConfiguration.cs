using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Operations;

namespace Portal.Engine.Data.Configurations;

internal sealed class InstanceSampleConfiguration : IEntityTypeConfiguration<InstanceSample>
{
    public void Configure(EntityTypeBuilder<InstanceSample> sample)
    {
        sample.ToTable("instance_samples");
        sample.HasKey(s => s.Id);
        sample.Property(s => s.Instance).HasMaxLength(256);
        sample.HasIndex(s => s.At);
    }
}
