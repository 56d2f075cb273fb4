using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Storefront;

/// <summary>One of the shopper's orders that shipped since they last looked.</summary>
public sealed record ShipmentNotice(int OrderId, DateTime ShippedAt, string? Carrier, string? TrackingNumber);

public sealed record ShipmentNoticeList(IReadOnlyList<ShipmentNotice> Notices, int Unseen);

/// <summary>
/// "Your order shipped" notices, derived from the orders rather than stored: an order shipped after the customer's
/// <see cref="Customers.Customer.ShipmentsSeenAt"/> (or ever, if they never looked) is new to them.
/// </summary>
public sealed class ShipmentNotices(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many notices the menu lists at most (the count covers them all).</summary>
    public const int Listed = 10;

    public async Task<ShipmentNoticeList> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => new { c.Id, c.ShipmentsSeenAt }).FirstOrDefaultAsync(cancellationToken);
        if (customer is null) return new([], 0);
        var shipped = db.Orders.AsNoTracking().Where(o => o.CustomerId == customer.Id && o.ShippedAt != null
            && (customer.ShipmentsSeenAt == null || o.ShippedAt > customer.ShipmentsSeenAt));
        var unseen = await shipped.CountAsync(cancellationToken);
        var listed = await shipped.OrderByDescending(o => o.ShippedAt).ThenByDescending(o => o.Id).Take(Listed)
            .Select(o => new ShipmentNotice(o.Id, o.ShippedAt!.Value, o.Carrier, o.TrackingNumber)).ToListAsync(cancellationToken);
        return new(listed, unseen);
    }

    /// <summary>The shopper has seen every notice up to now.</summary>
    public async Task MarkSeenAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Customers.Where(c => c.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(c => c.ShipmentsSeenAt, now), cancellationToken);
    }
}
