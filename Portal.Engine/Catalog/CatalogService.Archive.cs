using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;

namespace Portal.Engine.Catalog;

/// <summary>Archiving an item (hidden everywhere but the archive view) and restoring it.</summary>
public sealed partial class CatalogService
{
    public Task<CatalogResult> ArchiveAsync(int id, long? expectedVersion, string user, CancellationToken cancellationToken = default) =>
        SetArchivedAsync(id, expectedVersion, archived: true, user, cancellationToken);

    public Task<CatalogResult> RestoreAsync(int id, long? expectedVersion, string user, CancellationToken cancellationToken = default) =>
        SetArchivedAsync(id, expectedVersion, archived: false, user, cancellationToken);

    private async Task<CatalogResult> SetArchivedAsync(int id, long? expectedVersion, bool archived, string user, CancellationToken cancellationToken)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return CatalogResult.NotFound;
        if (expectedVersion is { } version && item.Version != version) return CatalogResult.Conflict(item);
        if ((item.ArchivedAt is not null) == archived) return CatalogResult.Ok(item);

        var before = new ArchiveState(item.ArchivedAt is not null);
        item.ArchivedAt = archived ? Now : null;
        db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, id, archived ? "Archived" : "Restored", user, Now, before, new ArchiveState(archived)));
        return await SaveGuardedAsync(db, item, user, cancellationToken);
    }

    private sealed record ArchiveState(bool Archived);
}
