using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Ordering;

/// <summary>A way to ship an order, offered for carts priced in its currency.</summary>
public sealed class ShippingMethod
{
    /// <summary>Stored on the order, e.g. "Standard".</summary>
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>How long it takes, in words, e.g. "3–5 working days".</summary>
    public string Delivery { get; set; } = "";
    public string Currency { get; set; } = "EUR";
    public decimal BasePrice { get; set; }
    /// <summary>Added for every started kilogram of the parcel.</summary>
    public decimal PricePerKg { get; set; }
}

/// <summary>Settings under <c>Shipping</c>: the methods the shop offers (Standard and Express in EUR and USD when none are set).</summary>
public sealed class ShippingOptions
{
    public const string Section = "Shipping";

    public List<ShippingMethod> Methods { get; set; } = [];

    public static IReadOnlyList<ShippingMethod> Defaults =>
    [
        new() { Code = "Standard", Name = "Standard", Delivery = "3–5 working days", Currency = "EUR", BasePrice = 4.90m, PricePerKg = 0.50m },
        new() { Code = "Express", Name = "Express", Delivery = "next working day", Currency = "EUR", BasePrice = 12.90m, PricePerKg = 1.00m },
        new() { Code = "Standard", Name = "Standard", Delivery = "3–5 working days", Currency = "USD", BasePrice = 5.90m, PricePerKg = 0.60m },
        new() { Code = "Express", Name = "Express", Delivery = "next working day", Currency = "USD", BasePrice = 14.90m, PricePerKg = 1.20m },
    ];

    /// <summary>The configured methods, or the defaults when none are configured.</summary>
    public IReadOnlyList<ShippingMethod> Effective => Methods.Count > 0 ? Methods : Defaults;
}

/// <summary>Refuses shipping settings that would make prices nonsense, naming the setting.</summary>
public sealed partial class ShippingOptionsValidator : IValidateOptions<ShippingOptions>
{
    public ValidateOptionsResult Validate(string? name, ShippingOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.Methods.Count; i++)
        {
            var method = options.Methods[i];
            var at = $"Shipping:Methods:{i}";
            if (!CodeFormat().IsMatch(method.Code)) errors.Add($"{at}:Code must be 1-24 letters, digits or '-' (got '{method.Code}').");
            if (string.IsNullOrWhiteSpace(method.Name) || method.Name.Length > 60) errors.Add($"{at}:Name is required (at most 60 characters).");
            if (!CurrencyFormat().IsMatch(method.Currency)) errors.Add($"{at}:Currency must be a three-letter ISO code such as EUR (got '{method.Currency}').");
            if (method.BasePrice is < 0 or > 10_000 || method.BasePrice != OrderPricing.ToCents(method.BasePrice))
                errors.Add($"{at}:BasePrice must be 0 to 10000 with at most two decimals (got {method.BasePrice}).");
            if (method.PricePerKg is < 0 or > 1_000 || method.PricePerKg != OrderPricing.ToCents(method.PricePerKg))
                errors.Add($"{at}:PricePerKg must be 0 to 1000 with at most two decimals (got {method.PricePerKg}).");
        }
        foreach (var twice in options.Methods.GroupBy(m => (m.Code.ToUpperInvariant(), m.Currency.ToUpperInvariant())).Where(g => g.Count() > 1))
            errors.Add($"Shipping:Methods has {twice.Key.Item1} in {twice.Key.Item2} more than once.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,24}$")]
    private static partial Regex CodeFormat();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyFormat();
}

/// <summary>A method with its price for one cart.</summary>
public sealed record ShippingQuote(ShippingMethod Method, decimal Price)
{
    public string Code => Method.Code;
}

/// <summary>The shipping methods on offer for a cart, each priced for the cart's weight.</summary>
public sealed class ShippingRates(IOptions<ShippingOptions> options)
{
    public IReadOnlyList<ShippingQuote> For(string currency, long weightGrams) =>
        options.Value.Effective.Where(m => m.Currency == currency)
            .Select(m => new ShippingQuote(m, OrderPricing.Shipping(m, weightGrams))).OrderBy(q => q.Price).ToList();

    public ShippingQuote? Find(string code, string currency, long weightGrams) =>
        For(currency, weightGrams).FirstOrDefault(q => string.Equals(q.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// How an order ships, in words: "Express · next working day"; the stored code alone when the method is no longer
    /// offered; null for orders from before a method was chosen.
    /// </summary>
    public string? Describe(string? code, string currency)
    {
        if (code is null) return null;
        var method = options.Value.Effective.FirstOrDefault(m => m.Currency == currency && string.Equals(m.Code, code, StringComparison.OrdinalIgnoreCase));
        return method is null ? code : string.IsNullOrWhiteSpace(method.Delivery) ? method.Name : $"{method.Name} · {method.Delivery}";
    }
}
