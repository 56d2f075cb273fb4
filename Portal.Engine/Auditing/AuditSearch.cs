using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Auditing;

/// <summary>What the audit viewer filters on; every part optional. Dates are UTC, <see cref="To"/> exclusive.</summary>
public sealed record AuditFilter(string? User = null, string? Action = null, string? Outcome = null,
    DateTime? From = null, DateTime? To = null, string? Text = null)
{
    public IQueryable<AuditEntry> Apply(IQueryable<AuditEntry> entries)
    {
        if (!string.IsNullOrWhiteSpace(User))
        {
            var user = $"%{EscapeLike(User.Trim().ToLowerInvariant())}%";
            entries = entries.Where(a => EF.Functions.Like(UnicodeCase.Lower(a.UserName), user, "\\"));
        }
        if (!string.IsNullOrWhiteSpace(Action)) entries = entries.Where(a => a.Action == Action);
        if (!string.IsNullOrWhiteSpace(Outcome)) entries = entries.Where(a => a.Outcome == Outcome);
        if (From is { } from) entries = entries.Where(a => a.At >= from);
        if (To is { } to) entries = entries.Where(a => a.At < to);
        if (!string.IsNullOrWhiteSpace(Text))
        {
            var text = $"%{EscapeLike(Text.Trim().ToLowerInvariant())}%";
            entries = entries.Where(a => EF.Functions.Like(UnicodeCase.Lower(a.EntityType), text, "\\")
                                      || EF.Functions.Like(UnicodeCase.Lower(a.EntityId), text, "\\")
                                      || EF.Functions.Like(UnicodeCase.Lower(a.Action), text, "\\")
                                      || (a.Detail != null && EF.Functions.Like(UnicodeCase.Lower(a.Detail), text, "\\"))
                                      || (a.RemoteAddress != null && EF.Functions.Like(a.RemoteAddress, text, "\\")));
        }
        return entries;
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

public sealed record AuditEntriesPage(IReadOnlyList<AuditEntry> Entries, int Total);

/// <summary>Reads the audit trail for the viewer and its CSV export: newest first, filtered in the database.</summary>
public sealed class AuditSearch(IDbContextFactory<PortalDbContext> contexts)
{
    public const int MaxPageSize = 200;

    public async Task<AuditEntriesPage> PageAsync(AuditFilter filter, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = filter.Apply(db.AuditEntries.AsNoTracking());
        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(a => a.Id).Skip(Math.Max(page, 0) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new AuditEntriesPage(rows, total);
    }

    /// <summary>The actions the trail holds, for the viewer's action filter.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
    }

    /// <summary>Every entry the filter matches, newest first, streamed in batches.</summary>
    public async IAsyncEnumerable<AuditEntry> AllAsync(AuditFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        const int batch = 1000;
        long? before = null;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var entries = filter.Apply(db.AuditEntries.AsNoTracking());
            if (before is { } id) entries = entries.Where(a => a.Id < id);
            var rows = await entries.OrderByDescending(a => a.Id).Take(batch).ToListAsync(cancellationToken);
            foreach (var row in rows) yield return row;
            if (rows.Count < batch) yield break;
            before = rows[^1].Id;
        }
    }
}
