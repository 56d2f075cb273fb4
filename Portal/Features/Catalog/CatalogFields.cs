using System.Globalization;
using Portal.Components;
using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>One row of the conflict dialog: a field as the user saw it, as it is stored now, and what the user wanted.</summary>
public sealed record ConflictRow(string Label, string Seen, string Current, string? Yours)
{
    public bool ChangedByOthers => Seen != Current;
}

/// <summary>How the catalog UI shows, parses and compares item fields (invariant culture: a dot for decimals).</summary>
public static class CatalogFields
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>
    /// A field: its stored value as text (to compare), how it reads, and how a patch's value reads on top of
    /// an item (a price in the patch's currency, or the item's when the patch keeps it).
    /// </summary>
    private sealed record Field(string Name, string Label, Func<CatalogItem, string> Read, Func<CatalogItemPatch, CatalogItem, string?> Wanted)
    {
        public Func<CatalogItem, string> Shown { get; init; } = Read;
    }

    private static readonly Field[] Fields =
    [
        new(nameof(CatalogItem.Sku), "SKU", i => i.Sku, (p, _) => p.Sku),
        new(nameof(CatalogItem.Name), "Name", i => i.Name, (p, _) => p.Name),
        new(nameof(CatalogItem.Description), "Description", i => i.Description, (p, _) => p.Description),
        new(nameof(CatalogItem.Category), "Category", i => i.Category, (p, _) => p.Category),
        new(nameof(CatalogItem.Price), "Price", i => PriceInput(i.Price),
            (p, i) => p.Price is { } v ? Formats.Money(v, string.IsNullOrWhiteSpace(p.Currency) ? i.Currency : p.Currency) : null)
        {
            Shown = i => Formats.Money(i.Price, i.Currency),
        },
        new(nameof(CatalogItem.Currency), "Currency", i => i.Currency, (p, _) => p.Currency),
        new(nameof(CatalogItem.WeightGrams), "Weight (g)", i => Whole(i.WeightGrams), (p, _) => p.WeightGrams is { } v ? Whole(v) : null),
        new(nameof(CatalogItem.Stock), "Stock", i => Whole(i.Stock), (p, _) => p.Stock is { } v ? Whole(v) : null),
        new(nameof(CatalogItem.IsActive), "Active", i => YesNo(i.IsActive), (p, _) => p.IsActive is { } v ? YesNo(v) : null),
    ];

    /// <summary>A price as the cell editor holds it for typing: a plain number ("12.50"); shown prices carry their currency.</summary>
    public static string PriceInput(decimal price) => Formats.AmountInput(price);

    public static string Whole(int value) => value.ToString(Invariant);

    public static string YesNo(bool value) => value ? "Yes" : "No";

    public static string Status(CatalogItem item) =>
        item.ArchivedAt is not null ? "Archived" : item.IsActive ? "Active" : "Inactive";

    /// <summary>The label of a field name as the engine (PascalCase) or the audit JSON (camelCase) spells it.</summary>
    public static string Label(string field)
    {
        var match = Fields.FirstOrDefault(f => string.Equals(f.Name, field, StringComparison.OrdinalIgnoreCase));
        if (match is not null) return match.Label;
        return string.Equals(field, "archived", StringComparison.OrdinalIgnoreCase) ? "Archived" : field;
    }

    /// <summary>
    /// Audit values are JSON: booleans read better as Yes/No, a price as money in <paramref name="currency"/>
    /// (the currency of that version), a missing value as a dash.
    /// </summary>
    public static string AuditValue(string field, string? value, string currency) => value switch
    {
        null => "—",
        "true" => "Yes",
        "false" => "No",
        "" => "(empty)",
        _ when string.Equals(field, nameof(CatalogItem.Price), StringComparison.OrdinalIgnoreCase)
               && DecimalText.Read(value) is { IsNumber: true } price => Formats.Money(price.Value, currency),
        _ => value,
    };

    /// <summary>A price as typed, read by <see cref="DecimalText"/> (so "1,50" is not read as 150).</summary>
    public static (decimal Value, string? Error) ParsePrice(string? text)
    {
        var price = DecimalText.Read(text);
        return price.Problem switch
        {
            DecimalTextProblem.None => (price.Value, null),
            DecimalTextProblem.Empty => (0, "Price is required."),
            DecimalTextProblem.Comma => (0, "Use a dot for decimals, such as 12.50."),
            _ => (0, $"'{price.Text}' is not a price; type a number such as 12.50."),
        };
    }

    public static (int Value, string? Error) ParseWhole(string? text, string label)
    {
        text = (text ?? "").Trim();
        if (text.Length == 0) return (0, $"{label} is required.");
        return int.TryParse(text, NumberStyles.AllowLeadingSign, Invariant, out var value)
            ? (value, null)
            : (0, $"{label} is a whole number, such as 250.");
    }

    /// <summary>Copies every stored value (including version and archive state) into the row the grid shows.</summary>
    public static void CopyTo(this CatalogItem from, CatalogItem to)
    {
        to.Id = from.Id;
        to.Sku = from.Sku;
        to.Name = from.Name;
        to.Description = from.Description;
        to.Category = from.Category;
        to.Price = from.Price;
        to.Currency = from.Currency;
        to.WeightGrams = from.WeightGrams;
        to.Stock = from.Stock;
        to.IsActive = from.IsActive;
        to.ArchivedAt = from.ArchivedAt;
        to.Version = from.Version;
        to.CreatedAt = from.CreatedAt;
        to.UpdatedAt = from.UpdatedAt;
    }

    public static CatalogItem Snapshot(this CatalogItem item)
    {
        var copy = new CatalogItem { Sku = item.Sku, Name = item.Name, Category = item.Category };
        item.CopyTo(copy);
        return copy;
    }

    /// <summary>
    /// The fields the conflict dialog lists: those the user tried to change and those someone else
    /// changed since the user loaded the row. <paramref name="wantedStatus"/> is set for archive/restore.
    /// </summary>
    public static List<ConflictRow> ConflictRows(CatalogItem seen, CatalogItem current, CatalogItemPatch? patch, string? wantedStatus = null)
    {
        var rows = new List<ConflictRow>();
        foreach (var field in Fields)
        {
            var wanted = patch is null ? null : field.Wanted(patch, current);
            if (wanted is not null || field.Read(seen) != field.Read(current))
                rows.Add(new ConflictRow(field.Label, field.Shown(seen), field.Shown(current), wanted));
        }
        var (seenStatus, currentStatus) = (Status(seen), Status(current));
        if (wantedStatus is not null || seenStatus != currentStatus)
            rows.Add(new ConflictRow("Status", seenStatus, currentStatus, wantedStatus));
        return rows;
    }
}
