using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Models.Consent;

/// <summary>
/// Customers' choices whether their images may train models (<see cref="ImageTrainingConsent"/>): no row means no.
/// Dataset building asks in bulk; the image settings read and save one customer's choice.
/// </summary>
public sealed class ImageTrainingConsents(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<bool> IsAllowedAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ImageTrainingConsents.AsNoTracking().AnyAsync(c => c.UserId == userId && c.AllowTraining, cancellationToken);
    }

    /// <summary>Those of <paramref name="userIds"/> who allowed training (asked in chunks, so any number of users is fine).</summary>
    public async Task<IReadOnlySet<string>> AllowedUsersAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var chunk in userIds.Where(u => !string.IsNullOrEmpty(u)).Distinct(StringComparer.Ordinal).Chunk(500))
            allowed.UnionWith(await db.ImageTrainingConsents.AsNoTracking().Where(c => c.AllowTraining && chunk.Contains(c.UserId))
                .Select(c => c.UserId).ToListAsync(cancellationToken));
        return allowed;
    }

    /// <summary>Saves the customer's choice (the latest save wins; two at once both end with a row, never an error).</summary>
    public async Task SetAsync(string userId, bool allowTraining, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.ImageTrainingConsents.Where(c => c.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.AllowTraining, allowTraining).SetProperty(c => c.UpdatedAt, now), cancellationToken);
        if (changed > 0) return;
        db.ImageTrainingConsents.Add(new ImageTrainingConsent { UserId = userId, AllowTraining = allowTraining, UpdatedAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e) || e.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteExtendedErrorCode: 1555 })
        {
            // Saved by another tab at the same moment (SQLite reports the primary key as 1555, not as a unique index): apply this choice over it.
            await using var again = await dbFactory.CreateDbContextAsync(cancellationToken);
            await again.ImageTrainingConsents.Where(c => c.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.AllowTraining, allowTraining).SetProperty(c => c.UpdatedAt, now), cancellationToken);
        }
    }
}
