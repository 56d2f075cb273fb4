using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Storefront;

public sealed record OrderHistoryPage(IReadOnlyList<Order> Orders, int Total);

/// <summary>A shopper's own orders; another customer's order is simply not found.</summary>
public sealed class OrderHistory(IDbContextFactory<PortalDbContext> dbFactory)
{
    public async Task<OrderHistoryPage> ListAsync(string userId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var orders = db.Orders.AsNoTracking().Where(o => o.Customer!.UserId == userId);
        var total = await orders.CountAsync(cancellationToken);
        pageSize = Math.Clamp(pageSize, 1, 100);
        var offset = (long)Math.Max(page, 0) * pageSize;
        var rows = offset >= total ? [] : await orders.Include(o => o.Lines).OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Skip((int)offset).Take(pageSize).ToListAsync(cancellationToken);
        return new OrderHistoryPage(rows, total);
    }

    public async Task<Order?> FindAsync(string userId, int orderId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Orders.AsNoTracking().Include(o => o.Lines)
            .FirstOrDefaultAsync(o => o.Id == orderId && o.Customer!.UserId == userId, cancellationToken);
    }
}
