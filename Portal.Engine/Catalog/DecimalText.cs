using System.Globalization;

namespace Portal.Engine.Catalog;

public enum DecimalTextProblem { None, Empty, Comma, NotANumber }

/// <summary>
/// A decimal number as Sales type it: a price in a CSV file, a grid cell or the item form, or the percentage of a
/// bulk price change. Invariant culture, an optional leading sign, a dot for decimals, no thousands separators
/// and no exponent; surrounding spaces are ignored. A comma is refused rather than guessed at, so "12,50" or
/// "1,250.00" is never read as 1250 or 1.25. Callers word their own messages from <see cref="DecimalTextProblem"/>;
/// the catalog API reads prices as JSON numbers, not text.
/// </summary>
public static class DecimalText
{
    private const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>What <see cref="Read"/> made of a text: the value when <see cref="Problem"/> is None, and the trimmed text.</summary>
    public readonly record struct Reading(decimal Value, DecimalTextProblem Problem, string Text)
    {
        public bool IsNumber => Problem == DecimalTextProblem.None;
    }

    public static Reading Read(string? text)
    {
        var trimmed = (text ?? "").Trim();
        if (trimmed.Length == 0) return new(0, DecimalTextProblem.Empty, trimmed);
        if (trimmed.Contains(',')) return new(0, DecimalTextProblem.Comma, trimmed);
        return decimal.TryParse(trimmed, Styles, CultureInfo.InvariantCulture, out var value)
            ? new(value, DecimalTextProblem.None, trimmed)
            : new(0, DecimalTextProblem.NotANumber, trimmed);
    }
}
