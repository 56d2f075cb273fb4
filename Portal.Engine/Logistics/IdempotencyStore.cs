using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Logistics;

public enum IdempotencyState { New, Replay, InProgress, Mismatch }

public sealed record IdempotencyClaim(IdempotencyState State, IdempotencyRecord? Record);

/// <summary>
/// Remembers the answer to each (caller, Idempotency-Key) for <see cref="Retention"/>. The first request
/// claims the key by inserting a row (the unique index decides races); later ones replay its answer.
/// A claim still unanswered after <see cref="AbandonedAfter"/> belonged to a request that died with its
/// instance: the next request with the key takes it over instead of being told to wait for a day.
/// </summary>
public sealed class IdempotencyStore(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    /// <summary>Far longer than any request may run (the server's own limits end them sooner).</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(2);

    public async Task<IdempotencyClaim> ClaimAsync(string caller, string key, string requestHash, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        // Every caller's expired answers, not just this key's: clients send a new key per request.
        await db.IdempotencyRecords.Where(r => r.CreatedAt < now - Retention).ExecuteDeleteAsync(cancellationToken);

        for (var attempt = 0; ; attempt++)
        {
            var record = new IdempotencyRecord { Caller = caller, Key = key, RequestHash = requestHash, CreatedAt = now };
            db.IdempotencyRecords.Add(record);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return new IdempotencyClaim(IdempotencyState.New, record);
            }
            catch (DbUpdateException)
            {
                db.ChangeTracker.Clear();
                var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Caller == caller && r.Key == key, cancellationToken);
                if (existing is null) throw;
                if (existing.RequestHash != requestHash) return new IdempotencyClaim(IdempotencyState.Mismatch, existing);
                if (existing.StatusCode is not null) return new IdempotencyClaim(IdempotencyState.Replay, existing);
                if (existing.CreatedAt >= now - AbandonedAfter || attempt > 0) return new IdempotencyClaim(IdempotencyState.InProgress, existing);
                // Abandoned: remove it (only if still unanswered) and claim again; a racing retry loses on the unique index.
                await db.IdempotencyRecords.Where(r => r.Id == existing.Id && r.StatusCode == null).ExecuteDeleteAsync(cancellationToken);
            }
        }
    }

    public async Task CompleteAsync(long recordId, int statusCode, string body, string? contentType, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteUpdateAsync(set => set
            .SetProperty(r => r.StatusCode, statusCode)
            .SetProperty(r => r.ResponseBody, body)
            .SetProperty(r => r.ResponseContentType, contentType), cancellationToken);
    }

    /// <summary>Forgets a claim whose request failed unexpectedly, so the client may retry.</summary>
    public async Task ReleaseAsync(long recordId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.IdempotencyRecords.Where(r => r.Id == recordId).ExecuteDeleteAsync(cancellationToken);
    }
}
