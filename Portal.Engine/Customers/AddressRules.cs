using Portal.Engine.Text;
using System.Text.RegularExpressions;

namespace Portal.Engine.Customers;

/// <summary>What a shipping address must be; each error is keyed by the field it belongs to (the draft's property name).</summary>
public static partial class AddressRules
{
    public const int LabelMaxLength = 40;
    public const int LineMaxLength = 120;
    public const int PostalCodeMaxLength = 16;
    public const int CityMaxLength = 80;
    public const string CountryMessage = "Use the two-letter country code, e.g. DE.";
    /// <summary>How long a typed country may be before the length, rather than the code, is what is wrong.</summary>
    private const int CountryTypedMaxLength = 60;

    /// <summary>The checked address with its fields trimmed (country upper-cased), or the errors by field.</summary>
    public static (PostalAddress? Address, string Label, IReadOnlyDictionary<string, string> Errors) Check(AddressDraft draft)
    {
        var errors = new Dictionary<string, string>();
        var label = Text(draft.Label, nameof(draft.Label), "Label", LabelMaxLength, required: false, errors);
        var line1 = Text(draft.Line1, nameof(draft.Line1), "Street and number", LineMaxLength, required: true, errors);
        var line2 = Text(draft.Line2, nameof(draft.Line2), "Second line", LineMaxLength, required: false, errors);
        var postalCode = Text(draft.PostalCode, nameof(draft.PostalCode), "Postal code", PostalCodeMaxLength, required: true, errors);
        var city = Text(draft.City, nameof(draft.City), "City", CityMaxLength, required: true, errors);
        // Longer than two letters is checked below, so "Germany" gets the country-code message rather than a length one.
        var country = Text(draft.Country, nameof(draft.Country), "Country", CountryTypedMaxLength, required: true, errors).ToUpperInvariant();
        if (postalCode.Length > 0 && !errors.ContainsKey(nameof(draft.PostalCode)) && !PostalCodeFormat().IsMatch(postalCode))
            errors[nameof(draft.PostalCode)] = "Postal code has letters, digits, spaces and '-' only.";
        if (country.Length > 0 && !errors.ContainsKey(nameof(draft.Country)) && !CountryCodes.IsAssigned(country))
            errors[nameof(draft.Country)] = CountryMessage;
        if (errors.Count > 0) return (null, label, errors);
        var address = new PostalAddress { Line1 = line1, Line2 = line2.Length == 0 ? null : line2, PostalCode = postalCode, City = city, Country = country };
        return (address, label.Length == 0 ? "Address" : label, errors);
    }

    private static string Text(string? value, string field, string name, int maxLength, bool required, Dictionary<string, string> errors)
    {
        var text = value?.Trim() ?? "";
        if (required && text.Length == 0) errors[field] = $"{name} is required.";
        else if (text.Length > maxLength) errors[field] = $"{name} is at most {maxLength} characters.";
        else if (ControlCharacters.Error(name, text) is { } controlError) errors[field] = controlError;
        return text;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9 \-]*$")]
    private static partial Regex PostalCodeFormat();
}
