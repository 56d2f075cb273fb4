namespace Portal.Engine.Ordering;

/// <summary>An order's money: items after rounding, the member discount on them, shipping, and what is paid.</summary>
public sealed record OrderPrice(decimal Subtotal, decimal Discount, decimal Shipping)
{
    public decimal Total => Subtotal - Discount + Shipping;
}

/// <summary>
/// The one place orders are priced: the cart, checkout and the demo generator all go through it.
/// One rounding rule: every amount is rounded to cents with <see cref="MidpointRounding.AwayFromZero"/> as soon as
/// it is made (each line, then the discount on the sum of the rounded lines, then shipping); the subtotal and total
/// are sums and differences of amounts already in cents, so they need no rounding of their own.
/// </summary>
public static class OrderPricing
{
    public const MidpointRounding Rounding = MidpointRounding.AwayFromZero;

    public static decimal ToCents(decimal amount) => Math.Round(amount, 2, Rounding);

    public static decimal LineTotal(decimal unitPrice, int quantity) => ToCents(unitPrice * quantity);

    /// <summary>The member discount on the items (never on shipping).</summary>
    public static decimal Discount(decimal subtotal, decimal rate) => ToCents(subtotal * rate);

    /// <summary>A method's base price plus its price per started kilogram of the parcel.</summary>
    public static decimal Shipping(ShippingMethod method, long weightGrams) =>
        ToCents(method.BasePrice + method.PricePerKg * StartedKilograms(weightGrams));

    public static long StartedKilograms(long weightGrams) => weightGrams <= 0 ? 0 : (weightGrams + 999) / 1000;

    public static OrderPrice Price(IEnumerable<decimal> lineTotals, decimal discountRate, decimal shipping)
    {
        var subtotal = lineTotals.Sum(ToCents);
        return new OrderPrice(subtotal, Discount(subtotal, discountRate), ToCents(shipping));
    }

    /// <summary>Prices an order from its lines (already made with <see cref="LineTotal"/>) and writes the amounts and weight onto it.</summary>
    public static OrderPrice Apply(Order order, decimal discountRate, decimal shipping)
    {
        var price = Price(order.Lines.Select(l => l.LineTotal), discountRate, shipping);
        order.Subtotal = price.Subtotal;
        order.Discount = price.Discount;
        order.ShippingPrice = price.Shipping;
        order.Total = price.Total;
        order.TotalWeightGrams = order.Lines.Sum(l => l.LineWeightGrams);
        return price;
    }
}
