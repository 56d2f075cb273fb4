namespace Portal.Features.Storefront.Checkout;

/// <summary>The steps of checkout in the order the shopper goes through them; confirmation is the order page.</summary>
public enum CheckoutStage { Review, Address, Shipping, Payment }

public static class CheckoutStages
{
    public static readonly IReadOnlyList<(CheckoutStage Stage, string Label)> All =
    [
        (CheckoutStage.Review, "Review"),
        (CheckoutStage.Address, "Address"),
        (CheckoutStage.Shipping, "Shipping"),
        (CheckoutStage.Payment, "Payment"),
    ];

    public static string Label(CheckoutStage stage) => All.Single(s => s.Stage == stage).Label;
}
