using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Storefront;

namespace Portal.Engine.Ordering;

public sealed record CheckoutResult(int? OrderId, string? Error)
{
    public bool Succeeded => OrderId is not null;
    public static CheckoutResult Failed(string error) => new(null, error);
}

/// <summary>
/// Turns a cart into a paid order. Stock is taken in the same transaction by a conditional
/// decrement (stock >= quantity), so concurrent shoppers can never buy more than there is.
/// </summary>
public sealed class CheckoutService(IDbContextFactory<PortalDbContext> dbFactory, CatalogChangeFeed feed, TimeProvider clock)
{
    private const string CartChangedMeanwhile = "Your cart changed while you were checking out; nothing was charged. Please review your cart.";

    public async Task<CheckoutResult> CheckoutAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (customer is null) return CheckoutResult.Failed("Your account has no customer profile with a shipping address yet.");

        var cart = await db.CartLines.Where(l => l.UserId == userId).OrderBy(l => l.CatalogItemId).ToListAsync(cancellationToken);
        if (cart.Count == 0) return CheckoutResult.Failed("Your cart is empty.");

        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Items in id order, so two checkouts lock rows in the same order and cannot deadlock.
        foreach (var line in cart)
        {
            var taken = await db.CatalogItems
                .Where(i => i.Id == line.CatalogItemId && i.IsActive && i.ArchivedAt == null && i.Stock >= line.Quantity)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.Stock, i => i.Stock - line.Quantity)
                    .SetProperty(i => i.Version, i => i.Version + 1)
                    .SetProperty(i => i.UpdatedAt, now), cancellationToken);
            if (taken == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return CheckoutResult.Failed(await WhyUnavailableAsync(line.CatalogItemId, line.Quantity, cancellationToken));
            }
        }

        var itemIds = cart.Select(l => l.CatalogItemId).ToList();
        var items = await db.CatalogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var currencies = items.Values.Select(i => i.Currency).Distinct().Order().ToList();
        if (currencies.Count > 1)
        {
            await transaction.RollbackAsync(cancellationToken);
            return CheckoutResult.Failed(OneCurrencyPerCart.MixedCartRefused(currencies));
        }
        var order = BuildOrder(customer, cart, items, now);
        db.Orders.Add(order);
        db.CartLines.RemoveRange(cart);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same cart was checked out meanwhile (another tab) and its lines are gone: that checkout placed the order.
            await transaction.RollbackAsync(cancellationToken);
            return CheckoutResult.Failed(CartChangedMeanwhile);
        }
        OutboxWriter.Enqueue(db, Topics.OrderPaid, order.Id.ToString(), new { order.Id, order.CustomerId, order.Total, order.Currency, order.TotalWeightGrams, order.PaidAt }, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        feed.Publish(new CatalogChanged(itemIds, "checkout"));
        return new CheckoutResult(order.Id, null);
    }

    internal static Order BuildOrder(Customer customer, List<Storefront.CartLine> cart, Dictionary<int, CatalogItem> items, DateTime now)
    {
        var lines = cart.Select(l => OrderLine.For(items[l.CatalogItemId], l.Quantity)).ToList();
        var subtotal = lines.Sum(l => l.LineTotal);
        var discount = Math.Round(subtotal * MemberDiscount.RateFor(customer, now), 2, MidpointRounding.AwayFromZero);
        return new Order
        {
            CustomerId = customer.Id,
            Status = OrderStatus.Paid,
            Currency = items.Values.First().Currency,
            Subtotal = subtotal,
            Discount = discount,
            Total = subtotal - discount,
            TotalWeightGrams = lines.Sum(l => l.LineWeightGrams),
            ShippingAddress = customer.ShippingAddress with { },
            PlacedAt = now,
            PaidAt = now,
            Lines = lines,
        };
    }

    private async Task<string> WhyUnavailableAsync(int itemId, int wanted, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        return item switch
        {
            null or { ArchivedAt: not null } or { IsActive: false } => $"{item?.Name ?? "An item in your cart"} is no longer sold; remove it from your cart.",
            { Stock: 0 } => $"{item.Name} is sold out; remove it from your cart.",
            _ => $"Only {item.Stock} of {item.Name} left (you wanted {wanted}); lower the quantity.",
        };
    }
}
