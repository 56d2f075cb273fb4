namespace Portal.Engine.Messaging.Events;

public enum CatalogChange { Created, Updated, Deleted }

/// <summary>A catalog item was created, edited or deleted (its stock too: that also raises <see cref="StockChanged"/>).</summary>
[EventType(EventFamilies.Catalog, "item-changed", 1)]
public sealed record CatalogItemChanged(int ItemId, CatalogChange Change, string ChangedBy) : IIntegrationEvent
{
    public string AggregateKey => $"item-{ItemId}";
    public string Subject => $"catalog/{ItemId}";
}

/// <summary>An item's stock moved, by a sale (<c>checkout</c>), an edit, an import or a bulk action.</summary>
[EventType(EventFamilies.Catalog, "stock-changed", 1)]
public sealed record StockChanged(int ItemId, int Stock, int Delta, string Reason) : IIntegrationEvent
{
    public string AggregateKey => $"item-{ItemId}";
    public string Subject => $"catalog/{ItemId}";
}
