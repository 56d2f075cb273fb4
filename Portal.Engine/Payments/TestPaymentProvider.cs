using System.Collections.Concurrent;

namespace Portal.Engine.Payments;

/// <summary>
/// The embedded default: approves every well-formed card except the documented test cards that decline, so the
/// failure path is real without any money moving. Keeps what it charged and refunded in memory (for tests and support).
/// </summary>
public sealed class TestPaymentProvider : IPaymentProvider
{
    /// <summary>Always approved.</summary>
    public const string ApprovedCard = "4242 4242 4242 4242";
    /// <summary>Always declined: "Your card was declined."</summary>
    public const string DeclinedCard = "4000 0000 0000 0002";
    /// <summary>Always declined for insufficient funds.</summary>
    public const string InsufficientFundsCard = "4000 0000 0000 9995";

    private readonly ConcurrentDictionary<string, PaymentRequest> _charges = new();
    private readonly ConcurrentDictionary<string, bool> _refunds = new();

    public string Notice => "Test payments: no money moves.";
    public bool IsTest => true;

    public IReadOnlyCollection<string> Charges => _charges.Keys.ToList();
    public IReadOnlyCollection<string> Refunds => _refunds.Keys.ToList();

    public Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        var digits = request.Card.Digits;
        if (digits == Digits(DeclinedCard)) return Task.FromResult(PaymentResult.Decline("Your card was declined. Try another card."));
        if (digits == Digits(InsufficientFundsCard)) return Task.FromResult(PaymentResult.Decline("Your card was declined for insufficient funds. Try another card."));
        var reference = $"test_{Guid.NewGuid():N}";
        _charges[reference] = request;
        return Task.FromResult(PaymentResult.Approve(reference));
    }

    public Task RefundAsync(string reference, CancellationToken cancellationToken = default)
    {
        _refunds[reference] = true;
        return Task.CompletedTask;
    }

    private static string Digits(string card) => card.Replace(" ", "");
}
