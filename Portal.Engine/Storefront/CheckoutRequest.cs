using Portal.Engine.Customers;
using Portal.Engine.Payments;

namespace Portal.Engine.Storefront;

/// <summary>
/// What the shopper chose at checkout. <see cref="ExpectedTotal"/> is the total they were shown: when prices changed
/// meanwhile the order is refused before anything is charged.
/// </summary>
public sealed record CheckoutRequest(PostalAddress ShippingAddress, string ShippingMethod, PaymentCard Card, decimal? ExpectedTotal = null);

/// <summary>Which step a checkout failed at, so the shop can show the message there.</summary>
public enum CheckoutStep { Cart, Address, Shipping, Payment }

public sealed record CheckoutResult(int? OrderId, string? Error, CheckoutStep? FailedAt = null, IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    public bool Succeeded => OrderId is not null;
    public static CheckoutResult Failed(CheckoutStep step, string error, IReadOnlyDictionary<string, string>? fields = null) => new(null, error, step, fields);
}
