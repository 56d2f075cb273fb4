namespace Portal.Engine.Messaging.Events;

public sealed record OrderedLine(int CatalogItemId, string Sku, int Quantity, decimal UnitPrice);

/// <summary>A customer's order was paid and placed.</summary>
[EventType(EventFamilies.Orders, "placed", 1)]
public sealed record OrderPlaced(int OrderId, int CustomerId, string? UserId, decimal Total, string Currency, int TotalWeightGrams,
    string? ShippingMethod, DateTime PlacedAt, IReadOnlyList<OrderedLine> Lines) : IIntegrationEvent
{
    public string AggregateKey => $"order-{OrderId}";
    public string Subject => $"orders/{OrderId}";
}

[EventType(EventFamilies.Orders, "shipped", 1)]
public sealed record OrderShipped(int OrderId, int CustomerId, string? UserId, string Carrier, string TrackingNumber, DateTime ShippedAt)
    : IIntegrationEvent
{
    public string AggregateKey => $"order-{OrderId}";
    public string Subject => $"orders/{OrderId}";
}

[EventType(EventFamilies.Orders, "completed", 1)]
public sealed record OrderCompleted(int OrderId, int CustomerId, string? UserId, DateTime CompletedAt) : IIntegrationEvent
{
    public string AggregateKey => $"order-{OrderId}";
    public string Subject => $"orders/{OrderId}";
}
