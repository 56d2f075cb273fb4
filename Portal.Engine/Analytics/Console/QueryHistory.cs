using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Auditing;
using Portal.Engine.Data;

namespace Portal.Engine.Analytics.Console;

/// <summary>A page of a user's history, newest first, and how many runs the history holds in all.</summary>
public sealed record QueryHistoryPage(IReadOnlyList<QueryHistoryEntry> Entries, int Total);

/// <summary>Each user's runs of the SQL console, newest first, kept to <see cref="SqlConsoleOptions.HistoryPerUser"/> runs.</summary>
public sealed class QueryHistory(IDbContextFactory<PortalDbContext> dbFactory, IOptions<SqlConsoleOptions> options)
{
    public async Task RecordAsync(QueryHistoryEntry entry, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.QueryHistory.Add(entry);
        // The audit trail keeps every run for good; the history below is trimmed.
        db.AuditEntries.Add(AuditLog.Entry(new AuditEvent(AuditSubjects.Query, "console", "QueryRun", await AuditTrail.UserNameAsync(db, entry.UserId, cancellationToken),
            entry.Error is null ? AuditOutcome.Succeeded : AuditOutcome.Failed, entry.Error is null ? entry.Sql : $"{entry.Sql}\n-- {entry.Error}"), entry.RanAt));
        await db.SaveChangesAsync(cancellationToken);
        // The newest run past the cap, and everything older, goes.
        var cap = options.Value.HistoryPerUser;
        var firstDropped = await db.QueryHistory.Where(h => h.UserId == entry.UserId).OrderByDescending(h => h.Id)
            .Skip(cap).Select(h => (long?)h.Id).FirstOrDefaultAsync(cancellationToken);
        if (firstDropped is { } id)
            await db.QueryHistory.Where(h => h.UserId == entry.UserId && h.Id <= id).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Page <paramref name="page"/> (from 0) of <paramref name="userId"/>'s runs, newest first.</summary>
    public async Task<QueryHistoryPage> PageAsync(string userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(page);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.QueryHistory.AsNoTracking().Where(h => h.UserId == userId);
        var total = await mine.CountAsync(cancellationToken);
        var entries = await mine.OrderByDescending(h => h.Id).Skip(page * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new QueryHistoryPage(entries, total);
    }
}
