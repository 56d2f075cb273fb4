using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Portal.Engine.Data;

public sealed class SqlitePortalDbContext(DbContextOptions<SqlitePortalDbContext> options)
    : PortalDbContext(SqliteUnicodeLower.AddTo(options))
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        SqliteUnicodeLower.Map(builder);
        // The outbox has an AFTER INSERT trigger (it fills outbox_pending), which SQLite's RETURNING clause does not go with.
        // Found by its table, not its type: Data does not import the capabilities (only the model's own files do).
        foreach (var outbox in builder.Model.GetEntityTypes().Where(e => e.GetTableName() == "outbox_messages").ToList())
            builder.Entity(outbox.Name).ToTable(t => t.UseSqlReturningClause(false));
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder builder)
    {
        // SQLite stores decimal as TEXT and cannot sort or sum it; money has two decimals,
        // which a double holds exactly enough to round-trip.
        builder.Properties<decimal>().HaveConversion<double>();
        // SQLite returns DateTime without a kind; everything we store is UTC.
        builder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        builder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
