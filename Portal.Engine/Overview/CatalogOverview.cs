using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Overview;

public sealed record CategoryCount(string Category, int Items, int Active);

public sealed record CatalogOverview(int Items, int Active, int OutOfStock, int Archived, IReadOnlyList<CategoryCount> Categories)
{
    public static async Task<CatalogOverview> LoadAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        var categories = await db.CatalogItems.Where(i => i.ArchivedAt == null)
            .GroupBy(i => i.Category)
            .OrderBy(g => g.Key)
            .Select(g => new CategoryCount(g.Key, g.Count(), g.Count(i => i.IsActive)))
            .ToListAsync(cancellationToken);
        var outOfStock = await db.CatalogItems.CountAsync(i => i.ArchivedAt == null && i.IsActive && i.Stock == 0, cancellationToken);
        var archived = await db.CatalogItems.CountAsync(i => i.ArchivedAt != null, cancellationToken);
        return new CatalogOverview(categories.Sum(c => c.Items), categories.Sum(c => c.Active), outOfStock, archived, categories);
    }
}
