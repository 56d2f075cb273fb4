using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// The inbox that makes a handler idempotent in effect under at-least-once delivery. A handler calls
/// <see cref="TryMarkAsync"/> inside the transaction that applies an event: true means "not applied yet, go on" and adds the
/// mark to the context, so it is saved (or rolled back) with the effect; false means it was applied before, skip it.
/// Two instances applying one event at once: the second one's save fails on the inbox's primary key and its transaction
/// rolls back (the batch is retried and then skips the event).
/// </summary>
public static class EventInbox
{
    public static async Task<bool> TryMarkAsync(PortalDbContext db, string handler, string eventId, DateTime at,
        CancellationToken cancellationToken = default)
    {
        if (db.ProcessedEvents.Local.Any(p => p.Handler == handler && p.EventId == eventId)) return false;
        if (await HasProcessedAsync(db, handler, eventId, cancellationToken)) return false;
        db.ProcessedEvents.Add(new ProcessedEvent { Handler = handler, EventId = eventId, ProcessedAt = at });
        return true;
    }

    public static Task<bool> HasProcessedAsync(PortalDbContext db, string handler, string eventId, CancellationToken cancellationToken = default) =>
        db.ProcessedEvents.AsNoTracking().AnyAsync(p => p.Handler == handler && p.EventId == eventId, cancellationToken);

    /// <summary>Forgets marks older than <paramref name="before"/> (redelivery is only ever of recent records).</summary>
    public static Task<int> PruneAsync(PortalDbContext db, DateTime before, CancellationToken cancellationToken = default) =>
        db.ProcessedEvents.Where(p => p.ProcessedAt < before).ExecuteDeleteAsync(cancellationToken);
}
