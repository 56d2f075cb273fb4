using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Relay;

/// <summary>
/// The relay's read: the oldest unpublished rows in <see cref="OutboxMessage.Sequence"/> order. The unpublished ones are
/// those with an <see cref="OutboxPending"/> row, so the read walks that small table's key and fetches the outbox rows by
/// theirs; it never passes the published rows kept for the retention.
/// </summary>
internal static class OutboxBatchReader
{
    public static Task<List<OutboxMessage>> ReadAsync(PortalDbContext db, int size, CancellationToken cancellationToken) =>
        db.OutboxPending.OrderBy(p => p.Sequence).Take(size)
            .Join(db.OutboxMessages, p => p.Sequence, m => m.Sequence, (_, m) => m)
            .OrderBy(m => m.Sequence).AsNoTracking().ToListAsync(cancellationToken);

    /// <summary>How many rows wait for the relay.</summary>
    public static Task<int> WaitingAsync(PortalDbContext db, CancellationToken cancellationToken) => db.OutboxPending.CountAsync(cancellationToken);
}
