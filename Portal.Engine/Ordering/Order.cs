using Portal.Engine.Customers;

namespace Portal.Engine.Ordering;

public enum OrderStatus { Placed, Paid, Shipped, Completed, Cancelled }

public class Order : IVersioned, ITimestamped
{
    public int Id { get; set; }
    public int CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public OrderStatus Status { get; set; }
    public string Currency { get; set; } = "EUR";
    public decimal Subtotal { get; set; }
    public decimal Discount { get; set; }
    /// <summary>Code of the shipping method chosen at checkout (<see cref="Ordering.ShippingMethod"/>); null on orders from before it was chosen.</summary>
    public string? ShippingMethod { get; set; }
    public decimal ShippingPrice { get; set; }
    public decimal Total { get; set; }
    public int TotalWeightGrams { get; set; }
    public required PostalAddress ShippingAddress { get; set; }
    public DateTime PlacedAt { get; set; }
    public DateTime? PaidAt { get; set; }
    public DateTime? ShippedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    public string? Carrier { get; set; }
    public string? TrackingNumber { get; set; }
    /// <summary>The payment provider's reference for the payment of this order.</summary>
    public string? PaymentReference { get; set; }
    public List<OrderLine> Lines { get; set; } = [];
    public long Version { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}

/// <summary>One item on an order, with price and weight copied at the time of ordering.</summary>
public class OrderLine
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int CatalogItemId { get; set; }
    public required string Sku { get; set; }
    public required string Name { get; set; }
    public decimal UnitPrice { get; set; }
    public int Quantity { get; set; }
    public decimal LineTotal { get; set; }
    public int UnitWeightGrams { get; set; }
    public int LineWeightGrams { get; set; }

    /// <summary>A line for <paramref name="quantity"/> of <paramref name="item"/> at its current price and weight.</summary>
    public static OrderLine For(Catalog.CatalogItem item, int quantity) => new()
    {
        CatalogItemId = item.Id, Sku = item.Sku, Name = item.Name, UnitPrice = item.Price, Quantity = quantity,
        LineTotal = OrderPricing.LineTotal(item.Price, quantity), UnitWeightGrams = item.WeightGrams, LineWeightGrams = item.WeightGrams * quantity,
    };
}
