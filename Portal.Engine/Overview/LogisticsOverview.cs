using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Overview;

/// <summary>What is waiting to be shipped, and how heavy it is.</summary>
public sealed record LogisticsOverview(int ToShip, long ToShipWeightGrams, int Shipped, DateTime? OldestToShipPlacedAt)
{
    public static async Task<LogisticsOverview> LoadAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        var toShip = db.Orders.Where(o => o.Status == OrderStatus.Paid);
        return new LogisticsOverview(
            await toShip.CountAsync(cancellationToken),
            await toShip.SumAsync(o => (long)o.TotalWeightGrams, cancellationToken),
            await db.Orders.CountAsync(o => o.Status == OrderStatus.Shipped, cancellationToken),
            await toShip.OrderBy(o => o.PlacedAt).Select(o => (DateTime?)o.PlacedAt).FirstOrDefaultAsync(cancellationToken));
    }
}
