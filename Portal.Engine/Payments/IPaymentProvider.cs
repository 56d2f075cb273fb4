namespace Portal.Engine.Payments;

/// <summary>A charge for one order.</summary>
public sealed record PaymentRequest(decimal Amount, string Currency, PaymentCard Card, string Description);

/// <summary>Approved with the provider's reference, or declined with a reason the shopper can act on.</summary>
public sealed record PaymentResult(string? Reference, string? DeclineReason)
{
    public bool Approved => Reference is not null;
    public static PaymentResult Approve(string reference) => new(reference, null);
    public static PaymentResult Decline(string reason) => new(null, reason);
}

/// <summary>
/// Takes payments. Checkout charges while it holds the stock it took, and rolls everything back when the charge is
/// declined; when the order cannot be committed after an approved charge, it refunds the charge.
/// </summary>
public interface IPaymentProvider
{
    /// <summary>Shown to the shopper at the payment step, e.g. "Test payments: no money moves".</summary>
    string Notice { get; }

    /// <summary>Whether no real money moves (the shop then says so at checkout).</summary>
    bool IsTest { get; }

    Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default);

    Task RefundAsync(string reference, CancellationToken cancellationToken = default);
}
