using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Ordering;
using Portal.Engine.Payments;

namespace Portal.Engine.Storefront;

/// <summary>
/// Turns a cart into a paid order. Stock is taken in the same transaction by a conditional decrement
/// (stock >= quantity), so concurrent shoppers can never buy more than there is. The payment is charged inside that
/// transaction, after the order is written: a declined payment rolls back the stock, the order and the emptied cart. The order's
/// OrderPlaced and each item's StockChanged go to the outbox in that transaction.
/// </summary>
public sealed class CheckoutService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock,
    ShippingRates shipping, IPaymentProvider payments, ILogger<CheckoutService> logger)
{
    private const string CartChangedMeanwhile = "Your cart changed while you were checking out; nothing was charged. Please review your cart.";

    public async Task<CheckoutResult> CheckoutAsync(string userId, CheckoutRequest request, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var (address, _, addressErrors) = AddressRules.Check(DraftOf(request.ShippingAddress));
        if (address is null) return CheckoutResult.Failed(CheckoutStep.Address, "Check the shipping address.", addressErrors);
        var cardErrors = PaymentCardRules.Check(request.Card, now);
        if (cardErrors.Count > 0) return CheckoutResult.Failed(CheckoutStep.Payment, "Check the card details.", cardErrors);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (customer is null) return CheckoutResult.Failed(CheckoutStep.Cart, "Your account has no customer profile yet.");

        var cart = await db.CartLines.Where(l => l.UserId == userId).OrderBy(l => l.CatalogItemId).ToListAsync(cancellationToken);
        if (cart.Count == 0) return CheckoutResult.Failed(CheckoutStep.Cart, "Your cart is empty.");

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
                return CheckoutResult.Failed(CheckoutStep.Cart, await WhyUnavailableAsync(line.CatalogItemId, line.Quantity, cancellationToken));
            }
        }

        var itemIds = cart.Select(l => l.CatalogItemId).ToList();
        var items = await db.CatalogItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var currencies = items.Values.Select(i => i.Currency).Distinct().Order().ToList();
        if (currencies.Count > 1) return await RefuseAsync(transaction, CheckoutStep.Cart, OneCurrencyPerCart.MixedCartRefused(currencies), cancellationToken);

        var order = NewOrder(customer, address, cart, items, now);
        var quote = shipping.Find(request.ShippingMethod, order.Currency, order.Lines.Sum(l => (long)l.LineWeightGrams));
        if (quote is null)
            return await RefuseAsync(transaction, CheckoutStep.Shipping, $"Choose one of the shipping methods offered for orders in {order.Currency}.", cancellationToken);
        order.ShippingMethod = quote.Code;
        OrderPricing.Apply(order, MemberDiscount.RateFor(customer, now), quote.Price);
        if (request.ExpectedTotal is { } expected && expected != order.Total)
            return await RefuseAsync(transaction, CheckoutStep.Cart,
                "Prices changed while you were checking out; nothing was charged. Please review the new total.", cancellationToken);

        db.Orders.Add(order);
        db.CartLines.RemoveRange(cart);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The same cart was checked out meanwhile (another tab) and its lines are gone: that checkout placed the order.
            return await RefuseAsync(transaction, CheckoutStep.Cart, CartChangedMeanwhile, cancellationToken);
        }

        var payment = await payments.ChargeAsync(new PaymentRequest(order.Total, order.Currency, request.Card, $"Portal order #{order.Id}"), cancellationToken);
        if (!payment.Approved)
            return await RefuseAsync(transaction, CheckoutStep.Payment, payment.DeclineReason!, cancellationToken);

        try
        {
            order.PaymentReference = payment.Reference;
            OutboxWriter.Enqueue(db, new OrderPlaced(order.Id, order.CustomerId, userId, order.Total, order.Currency, order.TotalWeightGrams,
                order.ShippingMethod, order.PaidAt ?? now, order.Lines.Select(l => new OrderedLine(l.CatalogItemId, l.Sku, l.Quantity, l.UnitPrice)).ToList()), now);
            // Stock read after this transaction's own decrement, which holds the item's row lock until the commit.
            foreach (var line in cart)
                OutboxWriter.Enqueue(db, new StockChanged(line.CatalogItemId, items[line.CatalogItemId].Stock, -line.Quantity, "checkout"), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception failure)
        {
            // The order is not kept, so the shopper must not pay for it.
            await RefundAsync(payment.Reference!, order.Id, failure);
            throw;
        }

        return new CheckoutResult(order.Id, null);
    }

    /// <summary>Refunds a charge whose order was not kept; if that fails too, a person must refund it, so the reference is logged.</summary>
    private async Task RefundAsync(string reference, int orderId, Exception failure)
    {
        try
        {
            await payments.RefundAsync(reference, CancellationToken.None);
        }
        catch (Exception refundFailure)
        {
            logger.LogError(new AggregateException(failure, refundFailure),
                "Payment {PaymentReference} was charged for order #{OrderId}, which could not be kept, and refunding it failed: refund it by hand.",
                reference, orderId);
        }
    }

    private static async Task<CheckoutResult> RefuseAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        CheckoutStep step, string error, CancellationToken cancellationToken)
    {
        await transaction.RollbackAsync(cancellationToken);
        return CheckoutResult.Failed(step, error);
    }

    private static AddressDraft DraftOf(PostalAddress address) => new()
    {
        Line1 = address.Line1, Line2 = address.Line2, PostalCode = address.PostalCode, City = address.City, Country = address.Country,
    };

    private static Order NewOrder(Customer customer, PostalAddress address, List<CartLine> cart, Dictionary<int, CatalogItem> items, DateTime now) => new()
    {
        CustomerId = customer.Id,
        Status = OrderStatus.Paid,
        Currency = items.Values.First().Currency,
        ShippingAddress = address,
        PlacedAt = now,
        PaidAt = now,
        Lines = cart.Select(l => OrderLine.For(items[l.CatalogItemId], l.Quantity)).ToList(),
    };

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
