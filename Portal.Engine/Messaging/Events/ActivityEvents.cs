namespace Portal.Engine.Messaging.Events;

// The storefront's streaming data. Keyed by the visitor (a signed-in user's id, else the circuit's session id),
// so one visitor's clicks keep their order.

[EventType(EventFamilies.Activity, "product-viewed", 1)]
public sealed record ProductViewed(string VisitorId, string? UserId, int ItemId) : IIntegrationEvent
{
    public string AggregateKey => VisitorId;
    public string Subject => $"catalog/{ItemId}";
}

[EventType(EventFamilies.Activity, "search-made", 1)]
public sealed record SearchMade(string VisitorId, string? UserId, string Query, int ResultCount) : IIntegrationEvent
{
    public string AggregateKey => VisitorId;
    public string Subject => "search";
}

[EventType(EventFamilies.Activity, "added-to-cart", 1)]
public sealed record AddedToCart(string VisitorId, string? UserId, int ItemId, int Quantity) : IIntegrationEvent
{
    public string AggregateKey => VisitorId;
    public string Subject => $"catalog/{ItemId}";
}
