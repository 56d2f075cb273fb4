using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Storefront;

/// <summary>One of the shopper's orders that shipped since they last looked.</summary>
public sealed record ShipmentNotice(int OrderId, DateTime ShippedAt, string? Carrier, string? TrackingNumber);

public sealed record ShipmentNoticeList(IReadOnlyList<ShipmentNotice> Notices, int Unseen);

/// <summary>
/// "Your order shipped" notices, derived from the orders rather than stored: an order shipped after the customer's
/// <see cref="Customers.Customer.ShipmentsSeenAt"/> (or ever, if they never looked) is new to them. The seen mark only
/// moves up to the newest notice shown, so a shipment after the list was read, or one not listed, stays new.
/// </summary>
public sealed class ShipmentNotices(IDbContextFactory<PortalDbContext> dbFactory)
{
    /// <summary>How many notices the menu lists at most: the oldest new ones, newest first (the count covers them all).</summary>
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
        // The oldest new ones, so that marking them seen (up to the newest of them) leaves none unlisted behind the mark.
        var listed = await shipped.OrderBy(o => o.ShippedAt).ThenBy(o => o.Id).Take(Listed)
            .Select(o => new ShipmentNotice(o.Id, o.ShippedAt!.Value, o.Carrier, o.TrackingNumber)).ToListAsync(cancellationToken);
        listed.Reverse();
        return new(listed, unseen);
    }

    /// <summary>The shopper has seen the notices shown to them: every shipment up to <paramref name="newestShown"/> (the mark never moves back).</summary>
    public async Task MarkSeenAsync(string userId, DateTime newestShown, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Customers.Where(c => c.UserId == userId && (c.ShipmentsSeenAt == null || c.ShipmentsSeenAt < newestShown))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ShipmentsSeenAt, newestShown), cancellationToken);
    }
}
