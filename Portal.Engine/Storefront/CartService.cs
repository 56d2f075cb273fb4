using Microsoft.EntityFrameworkCore;
using Portal.Engine.Catalog;
using Portal.Engine.Customers;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Storefront;

public sealed record CartItemView(int CatalogItemId, string Sku, string Name, decimal UnitPrice, string Currency, int Quantity, int Available, int UnitWeightGrams, bool Purchasable)
{
    public decimal LineTotal => OrderPricing.LineTotal(UnitPrice, Quantity);
    public int LineWeightGrams => UnitWeightGrams * Quantity;
    /// <summary>Why this line cannot be bought as it is, or null.</summary>
    public string? Problem => !Purchasable ? "No longer sold" : Available == 0 ? "Sold out" : Quantity > Available ? $"Only {Available} left" : null;
}

public sealed record CartView(IReadOnlyList<CartItemView> Lines, decimal DiscountRate, MembershipTier? Tier)
{
    /// <summary>The items' price before shipping, priced as checkout will price the order.</summary>
    public OrderPrice Price => OrderPricing.Price(Lines.Select(l => l.LineTotal), DiscountRate, shipping: 0m);
    public decimal Subtotal => Price.Subtotal;
    public decimal Discount => Price.Discount;
    public decimal Total => Price.Total;
    /// <summary>The currency the cart is priced in (all items share one; EUR when the cart is empty).</summary>
    public string Currency => Lines.FirstOrDefault()?.Currency ?? "EUR";
    public int WeightGrams => Lines.Sum(l => l.LineWeightGrams);
    public int Count => Lines.Sum(l => l.Quantity);
    public bool CanCheckout => Lines.Count > 0 && Lines.All(l => l.Problem is null);
}

/// <summary>A shopper's cart: add, change, remove, and see it priced with their member discount.</summary>
public sealed class CartService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxQuantity = 99;

    public async Task<CartView> GetAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lines = await (from line in db.CartLines
                           join item in db.CatalogItems on line.CatalogItemId equals item.Id
                           where line.UserId == userId
                           orderby line.AddedAt, line.Id
                           select new CartItemView(item.Id, item.Sku, item.Name, item.Price, item.Currency, line.Quantity, item.Stock, item.WeightGrams,
                               item.IsActive && item.ArchivedAt == null)).ToListAsync(cancellationToken);
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return new CartView(lines, customer is null ? 0m : MemberDiscount.RateFor(customer, now),
            customer is not null && MemberDiscount.IsCurrent(customer, now) ? customer.Tier : null);
    }

    /// <summary>Adds to the quantity already in the cart; returns an error message or null.</summary>
    public async Task<string?> AddAsync(string userId, int catalogItemId, int quantity, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.CartLines.FirstOrDefaultAsync(l => l.UserId == userId && l.CatalogItemId == catalogItemId, cancellationToken);
        var (error, item) = await CheckAsync(db, catalogItemId, (line?.Quantity ?? 0) + quantity, quantity, cancellationToken);
        error ??= await CheckCurrencyAsync(db, userId, item!, cancellationToken);
        if (error is not null) return error;
        if (line is null)
            db.CartLines.Add(new CartLine { UserId = userId, CatalogItemId = catalogItemId, Quantity = quantity, AddedAt = clock.GetUtcNow().UtcDateTime });
        else
            line.Quantity += quantity;
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<string?> SetQuantityAsync(string userId, int catalogItemId, int quantity, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var line = await db.CartLines.FirstOrDefaultAsync(l => l.UserId == userId && l.CatalogItemId == catalogItemId, cancellationToken);
        if (line is null) return "This item is not in your cart.";
        if (quantity == 0)
        {
            db.CartLines.Remove(line);
        }
        else
        {
            var (error, _) = await CheckAsync(db, catalogItemId, quantity, quantity, cancellationToken);
            if (error is not null) return error;
            line.Quantity = quantity;
        }
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task RemoveAsync(string userId, int catalogItemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.CartLines.Where(l => l.UserId == userId && l.CatalogItemId == catalogItemId).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Why the quantity cannot be had, or null with the item (read once, for the currency check too).</summary>
    private static async Task<(string? Error, CatalogItem? Item)> CheckAsync(PortalDbContext db, int catalogItemId, int total, int requested, CancellationToken cancellationToken)
    {
        if (requested < 1) return ("Choose a quantity of at least 1.", null);
        if (total > MaxQuantity) return ($"At most {MaxQuantity} of one item per order.", null);
        var item = await db.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == catalogItemId, cancellationToken);
        if (item is null || !item.IsActive || item.ArchivedAt is not null) return ("This item is not sold.", null);
        if (item.Stock < total) return (item.Stock == 0 ? $"{item.Name} is sold out." : $"Only {item.Stock} of {item.Name} left.", null);
        return (null, item);
    }

    /// <summary>Refuses an item priced in another currency than the items already in the cart (see <see cref="OneCurrencyPerCart"/>).</summary>
    private static async Task<string?> CheckCurrencyAsync(PortalDbContext db, string userId, CatalogItem item, CancellationToken cancellationToken)
    {
        var cartCurrency = await (from line in db.CartLines
                                  join inCart in db.CatalogItems on line.CatalogItemId equals inCart.Id
                                  where line.UserId == userId && inCart.Currency != item.Currency
                                  orderby line.AddedAt, line.Id
                                  select inCart.Currency).FirstOrDefaultAsync(cancellationToken);
        return cartCurrency is null ? null : OneCurrencyPerCart.ItemRefused(cartCurrency, item.Name, item.Currency);
    }
}
