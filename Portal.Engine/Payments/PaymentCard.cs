using System.Globalization;

namespace Portal.Engine.Payments;

/// <summary>Card details as typed at checkout; passed to the provider and never stored.</summary>
public sealed record PaymentCard(string? Number, string? Expiry, string? Cvc)
{
    /// <summary>The number without spaces or dashes.</summary>
    public string Digits => new((Number ?? "").Where(char.IsAsciiDigit).ToArray());

    public override string ToString() => $"card ending {(Digits.Length >= 4 ? Digits[^4..] : "?")}";
}

/// <summary>Checks the form of card details (not whether the card pays); errors by field name of <see cref="PaymentCard"/>.</summary>
public static class PaymentCardRules
{
    public static IReadOnlyDictionary<string, string> Check(PaymentCard card, DateTime now)
    {
        var errors = new Dictionary<string, string>();
        var number = (card.Number ?? "").Trim();
        if (number.Length == 0) errors[nameof(card.Number)] = "Card number is required.";
        else if (number.Any(c => !char.IsAsciiDigit(c) && c is not ' ' and not '-') || card.Digits.Length is < 12 or > 19)
            errors[nameof(card.Number)] = "Card number has 12 to 19 digits (spaces allowed).";
        else if (!PassesLuhn(card.Digits)) errors[nameof(card.Number)] = "This card number has a typo (its check digit does not match).";

        var expiry = (card.Expiry ?? "").Trim();
        if (expiry.Length == 0) errors[nameof(card.Expiry)] = "Expiry date is required.";
        else if (!DateTime.TryParseExact(expiry, ["MM/yy", "M/yy", "MM/yyyy", "M/yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
            errors[nameof(card.Expiry)] = "Expiry date is month/year, such as 04/29.";
        // Compared as month numbers: the month after 12/9999 does not exist as a DateTime.
        else if (month.Year * 12 + month.Month < now.Year * 12 + now.Month) errors[nameof(card.Expiry)] = "This card has expired.";

        var cvc = (card.Cvc ?? "").Trim();
        if (cvc.Length is < 3 or > 4 || !cvc.All(char.IsAsciiDigit)) errors[nameof(card.Cvc)] = "Security code is the 3 or 4 digits on the card.";
        return errors;
    }

    public static bool PassesLuhn(string digits)
    {
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            sum += digit;
        }
        return sum % 10 == 0;
    }
}
