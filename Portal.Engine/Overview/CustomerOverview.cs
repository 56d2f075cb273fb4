using Microsoft.EntityFrameworkCore;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Overview;

public sealed record RecentOrder(int Id, DateTime PlacedAt, OrderStatus Status, decimal Total, string Currency, int Lines);

/// <summary>A signed-in shopper's membership and latest orders; null membership when no customer record is linked.</summary>
public sealed record CustomerOverview(Customer? Customer, IReadOnlyList<RecentOrder> RecentOrders)
{
    public static async Task<CustomerOverview> LoadAsync(PortalDbContext db, string userId, CancellationToken cancellationToken = default)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (customer is null) return new CustomerOverview(null, []);
        var orders = await db.Orders.Where(o => o.CustomerId == customer.Id)
            .OrderByDescending(o => o.PlacedAt).Take(5)
            .Select(o => new RecentOrder(o.Id, o.PlacedAt, o.Status, o.Total, o.Currency, o.Lines.Count))
            .ToListAsync(cancellationToken);
        return new CustomerOverview(customer, orders);
    }
}
