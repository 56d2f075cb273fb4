using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Engine.Analytics.Console;
using Portal.Engine.Identity;

namespace Portal.Engine.Data.Configurations;

internal sealed class QueryHistoryEntryConfiguration : IEntityTypeConfiguration<QueryHistoryEntry>
{
    public void Configure(EntityTypeBuilder<QueryHistoryEntry> entry)
    {
        entry.ToTable("query_history");
        entry.HasKey(h => h.Id);
        entry.HasIndex(h => new { h.UserId, h.Id });
        entry.HasOne<PortalUser>().WithMany().HasForeignKey(h => h.UserId).OnDelete(DeleteBehavior.Cascade);
        entry.Property(h => h.UserId).HasMaxLength(450);
        entry.Property(h => h.Error).HasMaxLength(2000);
        entry.Ignore(h => h.Succeeded);
    }
}

internal sealed class SavedQueryConfiguration : IEntityTypeConfiguration<SavedQuery>
{
    public void Configure(EntityTypeBuilder<SavedQuery> query)
    {
        query.ToTable("saved_queries");
        query.HasKey(q => q.Id);
        query.HasIndex(q => new { q.UserId, q.Name }).IsUnique();
        query.HasOne<PortalUser>().WithMany().HasForeignKey(q => q.UserId).OnDelete(DeleteBehavior.Cascade);
        query.Property(q => q.UserId).HasMaxLength(450);
        query.Property(q => q.Name).HasMaxLength(SavedQuery.MaxNameLength);
    }
}
