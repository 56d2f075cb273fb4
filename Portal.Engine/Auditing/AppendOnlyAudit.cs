using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Portal.Engine.Auditing;

/// <summary>The application's half of the append-only rule (the database's triggers are the other half).</summary>
internal static class AppendOnlyAudit
{
    /// <summary>Stamps where new entries came from; refuses any change to or deletion of an existing entry.</summary>
    public static void Check(ChangeTracker tracker)
    {
        foreach (var entry in tracker.Entries<AuditEntry>())
        {
            switch (entry.State)
            {
                case EntityState.Added when entry.Entity.RemoteAddress is null && entry.Entity.UserAgent is null:
                    AuditOrigin.StampCurrent(entry.Entity);
                    break;
                case EntityState.Modified or EntityState.Deleted:
                    throw new AuditTrailAppendOnlyException(entry.Entity.Id);
            }
        }
    }
}

public sealed class AuditTrailAppendOnlyException(long id)
    : InvalidOperationException($"The audit trail is append-only: entry {id} cannot be changed or deleted.");
