using Portal.Components;
using Portal.Engine.Auditing;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>One changed field in an item's history, as the dialog shows it: "Price", "10.00 EUR", "12.50 EUR".</summary>
public sealed record HistoryChange(string Field, string Label, string Before, string After);

/// <summary>How changes to an item read to people: prices always with the currency of the version they belong to.</summary>
public static class CatalogChangeText
{
    private const string CurrencyField = "currency";

    /// <summary>
    /// The changed fields of one audit entry. A price reads in the currency of its own snapshot (so a change of
    /// price and currency reads "10.00 EUR → 12.00 USD"); a snapshot without one falls back to the other
    /// snapshot's, then to <paramref name="itemCurrency"/> (the item's currency now).
    /// </summary>
    public static IReadOnlyList<HistoryChange> History(AuditEntry entry, string itemCurrency)
    {
        var before = AuditTrail.Value(entry.BeforeJson, CurrencyField);
        var after = AuditTrail.Value(entry.AfterJson, CurrencyField);
        var (beforeCurrency, afterCurrency) = (Known(before) ?? Known(after) ?? itemCurrency, Known(after) ?? Known(before) ?? itemCurrency);
        return AuditTrail.Changes(entry)
            .Select(c => new HistoryChange(c.Field, CatalogFields.Label(c.Field),
                CatalogFields.AuditValue(c.Field, c.Before, beforeCurrency), CatalogFields.AuditValue(c.Field, c.After, afterCurrency)))
            .ToList();
    }

    private static readonly (string Name, Func<CatalogItemFields, string> Value, Func<CatalogItemFields, string> Shown)[] ImportFields =
    [
        Plain("sku", f => f.Sku), Plain("name", f => f.Name), Plain("description", f => f.Description), Plain("category", f => f.Category),
        ("price", f => Formats.AmountInput(f.Price), f => Formats.Money(f.Price, f.Currency)), Plain("currency", f => f.Currency),
        Plain("weight_grams", f => CatalogFields.Whole(f.WeightGrams)), Plain("stock", f => CatalogFields.Whole(f.Stock)),
        Plain("active", f => f.IsActive ? "true" : "false"),
    ];

    /// <summary>What an import row would change on the stored item, such as "stock: 4 → 99" or "price: 9.99 EUR → 12.50 EUR".</summary>
    public static IReadOnlyList<string> Import(CatalogImportRow row) =>
        row is { Target: { } target, Fields: { } fields } ? Import(target.Fields, fields) : [];

    /// <inheritdoc cref="Import(CatalogImportRow)"/>
    public static IReadOnlyList<string> Import(CatalogItemFields before, CatalogItemFields after) =>
        ImportFields.Where(f => f.Value(before) != f.Value(after))
            .Select(f => $"{f.Name}: {Shortened(f.Shown(before))} → {Shortened(f.Shown(after))}")
            .ToList();

    private static (string, Func<CatalogItemFields, string>, Func<CatalogItemFields, string>) Plain(string name, Func<CatalogItemFields, string> value) =>
        (name, value, value);

    private static string? Known(string? currency) => string.IsNullOrWhiteSpace(currency) ? null : currency;

    private static string Shortened(string value) => value.Length == 0 ? "(empty)" : value.Length > 40 ? value[..40] + "…" : value;
}
