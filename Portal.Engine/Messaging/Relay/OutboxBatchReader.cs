using System.Data;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Relay;

/// <summary>
/// The relay's read: the oldest unpublished rows in <see cref="OutboxMessage.Sequence"/> order, leaving out the batch whose
/// mark is still running (it is unpublished until that mark commits). Asking PostgreSQL for "not one of these 5,000"
/// compared every row the read passed with the whole list (150-250 ms a read against 6-9 ms for what follows), so the
/// rows being marked are left out by their keys instead: one look at the keys of the unpublished rows up to the last one
/// being marked finds any that are not (committed after that batch was read, or left by a failed mark), then those and the
/// rows after the batch are read. One snapshot for all of it, as the single query had.
/// </summary>
internal static class OutboxBatchReader
{
    /// <param name="beingMarked">The batch whose mark is running, in Sequence order (empty when none is).</param>
    public static async Task<List<OutboxMessage>> ReadAsync(PortalDbContext db, IReadOnlyList<long> beingMarked, int size,
        CancellationToken cancellationToken)
    {
        var unpublished = db.OutboxMessages.AsNoTracking().Where(m => m.PublishedAt == null);
        if (beingMarked.Count == 0) return await unpublished.OrderBy(m => m.Sequence).Take(size).ToListAsync(cancellationToken);

        var last = beingMarked[^1];
        await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var marking = beingMarked.ToHashSet();
        var others = (await unpublished.Where(m => m.Sequence <= last).Select(m => m.Sequence).ToListAsync(cancellationToken))
            .Where(s => !marking.Contains(s)).ToList();
        var batch = others.Count == 0 ? []
            : await unpublished.Where(m => others.Contains(m.Sequence)).OrderBy(m => m.Sequence).Take(size).ToListAsync(cancellationToken);
        if (batch.Count < size)
            batch.AddRange(await unpublished.Where(m => m.Sequence > last).OrderBy(m => m.Sequence).Take(size - batch.Count).ToListAsync(cancellationToken));
        await snapshot.CommitAsync(cancellationToken);
        return batch;
    }
}
