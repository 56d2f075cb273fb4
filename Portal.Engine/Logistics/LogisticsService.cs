using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Ordering;

namespace Portal.Engine.Logistics;

/// <summary>
/// The shipping desk: what to ship (with weights), marking orders shipped and completed. Each move is a
/// conditional update on the current status, so of two clerks (or API clients) shipping the same order
/// exactly one succeeds and the other is told why not.
/// </summary>
public sealed partial class LogisticsService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, OrderReadCache cache)
{
    public const string AuditEntityType = "Order";

    public async Task<LogisticsOrderPage> QueryAsync(LogisticsOrderQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var filtered = query.Apply(db.Orders.AsNoTracking());
        var total = await filtered.CountAsync(cancellationToken);
        var weight = await filtered.SumAsync(o => (long)o.TotalWeightGrams, cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, LogisticsOrderQuery.MaxPageSize);
        var page = Math.Max(query.Page, 0);
        var offset = (long)page * pageSize;
        var orders = offset >= total ? [] : await filtered.Include(o => o.Lines).Include(o => o.Customer)
            .Skip((int)offset).Take(pageSize).AsSplitQuery().ToListAsync(cancellationToken);
        return new LogisticsOrderPage(orders, total, weight, page, pageSize);
    }

    /// <summary>One order with its lines and customer; possibly a shared copy from the <see cref="OrderReadCache"/>, so read-only.</summary>
    public async Task<Order?> FindAsync(int orderId, CancellationToken cancellationToken = default)
    {
        if (cache.TryGet(orderId, out var cached)) return cached;
        var ticket = cache.BeginRead();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var order = await OrderReader.ReadAsync(db, orderId, cancellationToken);
        if (order is not null) cache.Store(ticket, order);
        return order;
    }

    public async Task<ShipmentResult> ShipAsync(int orderId, string? carrier, string? trackingNumber, string user, CancellationToken cancellationToken = default)
    {
        carrier = carrier?.Trim() ?? "";
        trackingNumber = trackingNumber?.Trim() ?? "";
        var errors = ShipmentErrors(carrier, trackingNumber);
        if (errors.Count > 0) return new ShipmentResult(ShipmentOutcome.Invalid, Errors: errors, Message: "Carrier and tracking number are needed to ship.");

        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.Paid)
            .ExecuteUpdateAsync(set => set
                .SetProperty(o => o.Status, OrderStatus.Shipped)
                .SetProperty(o => o.ShippedAt, now)
                .SetProperty(o => o.Carrier, carrier)
                .SetProperty(o => o.TrackingNumber, trackingNumber)
                .SetProperty(o => o.Version, o => o.Version + 1)
                .SetProperty(o => o.UpdatedAt, now), cancellationToken);
        if (moved == 0) return await RefusedAsync(db, orderId, OrderStateMachine.WhyNotShip, cancellationToken);

        db.AuditEntries.Add(AuditTrail.Entry<object>(AuditEntityType, orderId, "Shipped", user, now,
            new { Status = OrderStatus.Paid.ToString() }, new { Status = OrderStatus.Shipped.ToString(), Carrier = carrier, TrackingNumber = trackingNumber }));
        OutboxWriter.Enqueue(db, Topics.OrderShipped, orderId.ToString(), new { OrderId = orderId, Carrier = carrier, TrackingNumber = trackingNumber, ShippedAt = now }, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate(orderId); // this instance reads its own write at once; others hear the database's notification
        // Committed: the answer is owed even if the caller gives up now, or an idempotent retry could not be told it.
        return new ShipmentResult(ShipmentOutcome.Ok, await FindAsync(orderId, CancellationToken.None));
    }

    public async Task<ShipmentResult> CompleteAsync(int orderId, string user, CancellationToken cancellationToken = default)
    {
        var now = Now;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Orders.Where(o => o.Id == orderId && o.Status == OrderStatus.Shipped)
            .ExecuteUpdateAsync(set => set
                .SetProperty(o => o.Status, OrderStatus.Completed)
                .SetProperty(o => o.CompletedAt, now)
                .SetProperty(o => o.Version, o => o.Version + 1)
                .SetProperty(o => o.UpdatedAt, now), cancellationToken);
        if (moved == 0) return await RefusedAsync(db, orderId, OrderStateMachine.WhyNotComplete, cancellationToken);

        db.AuditEntries.Add(AuditTrail.Entry<object>(AuditEntityType, orderId, "Completed", user, now,
            new { Status = OrderStatus.Shipped.ToString() }, new { Status = OrderStatus.Completed.ToString() }));
        OutboxWriter.Enqueue(db, Topics.OrderCompleted, orderId.ToString(), new { OrderId = orderId, CompletedAt = now }, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        cache.Invalidate(orderId); // this instance reads its own write at once; others hear the database's notification
        // Committed: the answer is owed even if the caller gives up now, or an idempotent retry could not be told it.
        return new ShipmentResult(ShipmentOutcome.Ok, await FindAsync(orderId, CancellationToken.None));
    }

    public static Dictionary<string, string[]> ShipmentErrors(string carrier, string trackingNumber)
    {
        var errors = new Dictionary<string, string[]>();
        if (carrier.Length == 0) errors["carrier"] = ["Carrier is required."];
        else if (carrier.Length > 40) errors["carrier"] = ["Carrier is at most 40 characters."];
        else if (carrier.Any(char.IsControl)) errors["carrier"] = ["Carrier must not contain control characters (tabs, line breaks, NUL)."];
        if (trackingNumber.Length == 0) errors["trackingNumber"] = ["Tracking number is required."];
        else if (trackingNumber.Length > 64 || !TrackingFormat().IsMatch(trackingNumber))
            errors["trackingNumber"] = ["Tracking number is up to 64 letters, digits, dashes or spaces."];
        return errors;
    }

    private static async Task<ShipmentResult> RefusedAsync(PortalDbContext db, int orderId, Func<int, OrderStatus, string> why, CancellationToken cancellationToken)
    {
        var status = await db.Orders.Where(o => o.Id == orderId).Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(cancellationToken);
        return status is null
            ? new ShipmentResult(ShipmentOutcome.NotFound, Message: $"There is no order {orderId}.")
            : new ShipmentResult(ShipmentOutcome.InvalidTransition, Message: why(orderId, status.Value));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 -]*$")]
    private static partial Regex TrackingFormat();
}
