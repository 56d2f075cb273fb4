using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;

namespace Portal.Engine.Catalog;

/// <summary>What Sales and the shop read: pages of the catalog, single items, categories, an item's history.</summary>
public sealed partial class CatalogService
{
    public async Task<CatalogPage> QueryAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var filtered = query.Filter(db.CatalogItems.AsNoTracking());
        var total = await filtered.CountAsync(cancellationToken);
        // A far page number must not overflow the offset (a negative OFFSET is an error on PostgreSQL): past the end is empty.
        var offset = (long)query.SafePage * query.SafePageSize;
        var items = offset >= total ? [] : await query.Order(filtered)
            .Skip((int)offset).Take(query.SafePageSize)
            .ToListAsync(cancellationToken);
        return new CatalogPage(items, total, query.SafePage, query.SafePageSize);
    }

    /// <summary>Every item matching the filter, in order, for export (no paging).</summary>
    public async Task<List<CatalogItem>> ListAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await query.Order(query.Filter(db.CatalogItems.AsNoTracking())).ToListAsync(cancellationToken);
    }

    public async Task<CatalogItem?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    /// <summary>Every category in the catalog, including those of inactive and archived items (for Sales).</summary>
    public async Task<List<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.Select(i => i.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>The categories of items on sale (active, not archived): what the shop and the public API may show.</summary>
    public async Task<List<string>> OnSaleCategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.Where(i => i.IsActive && i.ArchivedAt == null)
            .Select(i => i.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    public async Task<List<AuditEntry>> HistoryAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        return await AuditTrail.HistoryAsync(db, AuditEntityType, id, cancellationToken);
    }
}
