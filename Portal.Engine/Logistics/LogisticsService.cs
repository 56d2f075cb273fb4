using Portal.Engine.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
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
        return await MoveAsync(orderId, OrderStatus.Shipped, "Shipped", user, now,
            set => set.SetProperty(o => o.ShippedAt, now).SetProperty(o => o.Carrier, carrier).SetProperty(o => o.TrackingNumber, trackingNumber),
            new { Status = nameof(OrderStatus.Shipped), Carrier = carrier, TrackingNumber = trackingNumber },
            buyer => new OrderShipped(orderId, buyer.CustomerId, buyer.UserId, carrier, trackingNumber, now), cancellationToken);
    }

    public async Task<ShipmentResult> CompleteAsync(int orderId, string user, CancellationToken cancellationToken = default)
    {
        var now = Now;
        return await MoveAsync(orderId, OrderStatus.Completed, "Completed", user, now,
            set => set.SetProperty(o => o.CompletedAt, now), new { Status = nameof(OrderStatus.Completed) },
            buyer => new OrderCompleted(orderId, buyer.CustomerId, buyer.UserId, now), cancellationToken);
    }

    /// <summary>
    /// The one way an order moves on the shipping desk (portal queue and API alike): a conditional update guarded by
    /// the <see cref="OrderStateMachine"/>, then its audit entry (<paramref name="audited"/> as the after state)
    /// and outbox event in the same transaction.
    /// </summary>
    private async Task<ShipmentResult> MoveAsync(int orderId, OrderStatus target, string action, string user, DateTime now,
        Action<UpdateSettersBuilder<Order>> setTargetFields, object audited, Func<Buyer, IIntegrationEvent> @event, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var moved = await db.Orders.Where(o => o.Id == orderId).Where(OrderStateMachine.MayMoveTo(target))
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(o => o.Status, target).SetProperty(o => o.Version, o => o.Version + 1).SetProperty(o => o.UpdatedAt, now);
                setTargetFields(set);
            }, cancellationToken);
        if (moved == 0) return await RefusedAsync(db, orderId, target, cancellationToken);

        // The guard admits one source for these moves; the audit trail names it.
        var from = OrderStateMachine.SourcesOf(target)[0];
        db.AuditEntries.Add(AuditTrail.Entry<object>(AuditEntityType, orderId, action, user, now,
            new { Status = from.ToString() }, audited));
        var buyer = await db.Orders.Where(o => o.Id == orderId).Select(o => new Buyer(o.CustomerId, o.Customer!.UserId)).FirstAsync(cancellationToken);
        OutboxWriter.Enqueue(db, @event(buyer), now);
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
        else if (ControlCharacters.Error("Carrier", carrier) is { } controlError) errors["carrier"] = [controlError];
        if (trackingNumber.Length == 0) errors["trackingNumber"] = ["Tracking number is required."];
        else if (trackingNumber.Length > 64 || !TrackingFormat().IsMatch(trackingNumber))
            errors["trackingNumber"] = ["Tracking number is up to 64 letters, digits, dashes or spaces."];
        return errors;
    }

    private static async Task<ShipmentResult> RefusedAsync(PortalDbContext db, int orderId, OrderStatus target, CancellationToken cancellationToken)
    {
        var status = await db.Orders.Where(o => o.Id == orderId).Select(o => (OrderStatus?)o.Status).FirstOrDefaultAsync(cancellationToken);
        return status is null
            ? new ShipmentResult(ShipmentOutcome.NotFound, Message: $"There is no order {orderId}.")
            : new ShipmentResult(ShipmentOutcome.InvalidTransition, Message: OrderStateMachine.WhyNot(orderId, status.Value, target));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9 -]*$")]
    private static partial Regex TrackingFormat();

    private sealed record Buyer(int CustomerId, string? UserId);
}
