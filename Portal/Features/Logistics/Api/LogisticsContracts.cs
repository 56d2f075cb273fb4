using System.ComponentModel;
using Portal.Engine.Customers;
using Portal.Engine.Ordering;

namespace Portal.Features.Logistics.Api;

public sealed record OrderLineResponse(string Sku, string Name, int Quantity, decimal UnitPrice, decimal LineTotal, int UnitWeightGrams, int LineWeightGrams);

public sealed record CustomerSummary(int Id, string Name, string Email);

public sealed record LogisticsOrderResponse(
    int Id, OrderStatus Status, DateTime PlacedAt, DateTime? PaidAt, DateTime? ShippedAt, DateTime? CompletedAt,
    CustomerSummary? Customer, PostalAddress ShippingAddress, IReadOnlyList<OrderLineResponse> Lines,
    decimal Subtotal, decimal Discount, decimal Total, string Currency, int TotalWeightGrams,
    [property: Description("Code of the shipping method the customer chose and paid for at checkout, such as Standard or Express; null for orders placed before checkout offered shipping methods.")]
    string? ShippingMethod,
    string? Carrier, string? TrackingNumber, long Version)
{
    public static LogisticsOrderResponse From(Order o) => new(
        o.Id, o.Status, o.PlacedAt, o.PaidAt, o.ShippedAt, o.CompletedAt,
        o.Customer is null ? null : new CustomerSummary(o.Customer.Id, o.Customer.FullName, o.Customer.Email),
        o.ShippingAddress,
        o.Lines.OrderBy(l => l.Id).Select(l => new OrderLineResponse(l.Sku, l.Name, l.Quantity, l.UnitPrice, l.LineTotal, l.UnitWeightGrams, l.LineWeightGrams)).ToList(),
        o.Subtotal, o.Discount, o.Total, o.Currency, o.TotalWeightGrams, o.ShippingMethod, o.Carrier, o.TrackingNumber, o.Version);
}

public sealed record LogisticsOrderPageResponse(IReadOnlyList<LogisticsOrderResponse> Items, int Total, long TotalWeightGrams, int Page, int PageSize);

/// <summary>The shipment of an order: which carrier took it and its tracking number.</summary>
public sealed record ShipmentRequest(string? Carrier, string? TrackingNumber);
