using Portal.Engine.Text;
using System.Text.RegularExpressions;

namespace Portal.Engine.Catalog;

/// <summary>What makes an item valid; field names match <see cref="CatalogItemFields"/>.</summary>
public static partial class CatalogItemRules
{
    public const int MaxWeightGrams = 1_000_000;
    public const int MaxStock = 10_000_000;
    public const decimal MaxPrice = 1_000_000m;

    public static Dictionary<string, string[]> Validate(CatalogItemFields item)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [message];

        if (SkuError(item.Sku) is { } sku) Add(nameof(item.Sku), sku);
        if (NameError(item.Name) is { } name) Add(nameof(item.Name), name);
        if (DescriptionError(item.Description) is { } description) Add(nameof(item.Description), description);
        if (CategoryError(item.Category) is { } category) Add(nameof(item.Category), category);
        if (PriceError(item.Price) is { } price) Add(nameof(item.Price), price);
        if (!CurrencyFormat().IsMatch(item.Currency)) Add(nameof(item.Currency), "Currency is a three-letter ISO code such as EUR.");
        if (WeightError(item.WeightGrams) is { } weight) Add(nameof(item.WeightGrams), weight);
        if (StockError(item.Stock) is { } stock) Add(nameof(item.Stock), stock);
        return errors;
    }

    public static string? SkuError(string? sku) =>
        string.IsNullOrWhiteSpace(sku) ? "SKU is required."
        : sku.Length is < 3 or > CatalogItem.SkuMaxLength ? $"SKU is 3 to {CatalogItem.SkuMaxLength} characters."
        : !SkuFormat().IsMatch(sku) ? "SKU is upper-case letters and digits in groups joined by single dashes, such as PRT-00042."
        : null;

    public static string? NameError(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "Name is required."
        : name.Trim().Length > CatalogItem.NameMaxLength ? $"Name is at most {CatalogItem.NameMaxLength} characters."
        : ControlCharacters.Error("Name", name, lineBreaksAllowed: false);

    public static string? DescriptionError(string? description) =>
        description is null ? null
        : description.Length > CatalogItem.DescriptionMaxLength ? $"Description is at most {CatalogItem.DescriptionMaxLength} characters."
        : ControlCharacters.Error("Description", description, lineBreaksAllowed: true);

    public static string? CategoryError(string? category) =>
        string.IsNullOrWhiteSpace(category) ? "Category is required."
        : category.Trim().Length > CatalogItem.CategoryMaxLength ? $"Category is at most {CatalogItem.CategoryMaxLength} characters."
        : ControlCharacters.Error("Category", category, lineBreaksAllowed: false);

    public static string? PriceError(decimal price) =>
        price < 0 ? "Price cannot be negative."
        : price > MaxPrice ? $"Price is at most {MaxPrice:0}."
        : decimal.Round(price, 2) != price ? "Price has at most two decimals."
        : null;

    public static string? WeightError(int grams) =>
        grams <= 0 ? "Weight must be more than 0 grams."
        : grams > MaxWeightGrams ? $"Weight is at most {MaxWeightGrams:N0} grams."
        : null;

    public static string? StockError(int stock) =>
        stock < 0 ? "Stock cannot be negative."
        : stock > MaxStock ? $"Stock is at most {MaxStock:N0}."
        : null;

    [GeneratedRegex("^[A-Z0-9]+(?:-[A-Z0-9]+)*$")]
    private static partial Regex SkuFormat();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyFormat();
}
