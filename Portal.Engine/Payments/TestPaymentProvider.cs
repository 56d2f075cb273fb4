namespace Portal.Engine.Payments;

/// <summary>What the test provider remembers of a charge: never the card number or security code.</summary>
public sealed record TestCharge(string Reference, decimal Amount, string Currency, string CardLastFour);

/// <summary>
/// The embedded default: approves every well-formed card except the documented test cards that decline, so the
/// failure path is real without any money moving. Remembers the latest <see cref="Remembered"/> charges and refunds
/// (reference, amount, currency, last four digits) for tests and support; no card data beyond that.
/// </summary>
public sealed class TestPaymentProvider : IPaymentProvider
{
    /// <summary>Always approved.</summary>
    public const string ApprovedCard = "4242 4242 4242 4242";
    /// <summary>Always declined: "Your card was declined."</summary>
    public const string DeclinedCard = "4000 0000 0000 0002";
    /// <summary>Always declined for insufficient funds.</summary>
    public const string InsufficientFundsCard = "4000 0000 0000 9995";

    /// <summary>How many charges and how many refunds are remembered; older ones are forgotten.</summary>
    public const int Remembered = 1000;

    private readonly Lock _gate = new();
    private readonly Queue<TestCharge> _charges = new();
    private readonly Queue<string> _refunds = new();

    public string Notice => "Test payments: no money moves.";
    public bool IsTest => true;

    public IReadOnlyCollection<string> Charges => Snapshot(_charges).Select(c => c.Reference).ToList();
    public IReadOnlyCollection<TestCharge> ChargeRecords => Snapshot(_charges);
    public IReadOnlyCollection<string> Refunds => Snapshot(_refunds);

    public Task<PaymentResult> ChargeAsync(PaymentRequest request, CancellationToken cancellationToken = default)
    {
        var digits = request.Card.Digits;
        if (digits == Digits(DeclinedCard)) return Task.FromResult(PaymentResult.Decline("Your card was declined. Try another card."));
        if (digits == Digits(InsufficientFundsCard)) return Task.FromResult(PaymentResult.Decline("Your card was declined for insufficient funds. Try another card."));
        var reference = $"test_{Guid.NewGuid():N}";
        Remember(_charges, new TestCharge(reference, request.Amount, request.Currency, digits.Length >= 4 ? digits[^4..] : digits));
        return Task.FromResult(PaymentResult.Approve(reference));
    }

    public Task RefundAsync(string reference, CancellationToken cancellationToken = default)
    {
        Remember(_refunds, reference);
        return Task.CompletedTask;
    }

    private void Remember<T>(Queue<T> queue, T entry)
    {
        lock (_gate)
        {
            queue.Enqueue(entry);
            while (queue.Count > Remembered) queue.Dequeue();
        }
    }

    private List<T> Snapshot<T>(Queue<T> queue)
    {
        lock (_gate) return queue.ToList();
    }

    private static string Digits(string card) => card.Replace(" ", "");
}
