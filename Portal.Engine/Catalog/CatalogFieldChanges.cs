using System.Globalization;

namespace Portal.Engine.Catalog;

/// <summary>The fields that differ between two versions of an item, for people to read.</summary>
public static class CatalogFieldChanges
{
    private static readonly (string Name, Func<CatalogItemFields, string> Value)[] Fields =
    [
        ("sku", f => f.Sku), ("name", f => f.Name), ("description", f => f.Description), ("category", f => f.Category),
        ("price", f => f.Price.ToString("0.00", CultureInfo.InvariantCulture)), ("currency", f => f.Currency),
        ("weight_grams", f => f.WeightGrams.ToString(CultureInfo.InvariantCulture)),
        ("stock", f => f.Stock.ToString(CultureInfo.InvariantCulture)), ("active", f => f.IsActive ? "true" : "false"),
    ];

    public static IReadOnlyList<string> Between(CatalogItemFields before, CatalogItemFields after) =>
        Fields.Select(f => (f.Name, Before: f.Value(before), After: f.Value(after)))
            .Where(f => f.Before != f.After)
            .Select(f => $"{f.Name}: {Shown(f.Before)} → {Shown(f.After)}")
            .ToList();

    private static string Shown(string value) => value.Length == 0 ? "(empty)" : value.Length > 40 ? value[..40] + "…" : value;
}
