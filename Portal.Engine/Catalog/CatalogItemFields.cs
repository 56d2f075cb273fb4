namespace Portal.Engine.Catalog;

/// <summary>The values Sales edit on an item: what forms, the API, CSV rows and audit snapshots carry.</summary>
public sealed record CatalogItemFields
{
    public string Sku { get; init; } = "";
    public string Name { get; init; } = "";
    public string Description { get; init; } = "";
    public string Category { get; init; } = "";
    public decimal Price { get; init; }
    public string Currency { get; init; } = "EUR";
    public int WeightGrams { get; init; }
    public int Stock { get; init; }
    public bool IsActive { get; init; } = true;

    public static CatalogItemFields From(CatalogItem item) => new()
    {
        Sku = item.Sku, Name = item.Name, Description = item.Description, Category = item.Category,
        Price = item.Price + Cents, Currency = item.Currency, WeightGrams = item.WeightGrams, Stock = item.Stock, IsActive = item.IsActive,
    };

    /// <summary>Trims text and upper-cases codes, so " prt-1 " and "PRT-1" are the same SKU.</summary>
    public CatalogItemFields Normalized() => this with
    {
        Sku = (Sku ?? "").Trim().ToUpperInvariant(),
        Name = (Name ?? "").Trim(),
        Description = (Description ?? "").Trim(),
        Category = (Category ?? "").Trim(),
        Currency = (Currency ?? "").Trim().ToUpperInvariant(),
        Price = Price + Cents,
    };

    // Adding 0.00 gives every price at least two decimal places (10 -> 10.00) without rounding,
    // so snapshots read the same whichever database the value came from.
    private const decimal Cents = 0.00m;

    public void ApplyTo(CatalogItem item)
    {
        item.Sku = Sku;
        item.Name = Name;
        item.Description = Description;
        item.Category = Category;
        item.Price = Price;
        item.Currency = Currency;
        item.WeightGrams = WeightGrams;
        item.Stock = Stock;
        item.IsActive = IsActive;
    }
}

/// <summary>
/// A partial change: only the fields that are set are applied. Inline edits send one field; a
/// refused edit can be reapplied on top of the current values by sending the same patch again.
/// </summary>
public sealed record CatalogItemPatch
{
    public string? Sku { get; init; }
    public string? Name { get; init; }
    public string? Description { get; init; }
    public string? Category { get; init; }
    public decimal? Price { get; init; }
    public string? Currency { get; init; }
    public int? WeightGrams { get; init; }
    public int? Stock { get; init; }
    public bool? IsActive { get; init; }

    public static CatalogItemPatch Full(CatalogItemFields f) => new()
    {
        Sku = f.Sku, Name = f.Name, Description = f.Description, Category = f.Category,
        Price = f.Price, Currency = f.Currency, WeightGrams = f.WeightGrams, Stock = f.Stock, IsActive = f.IsActive,
    };

    public CatalogItemFields ApplyTo(CatalogItemFields current) => new()
    {
        Sku = Sku ?? current.Sku,
        Name = Name ?? current.Name,
        Description = Description ?? current.Description,
        Category = Category ?? current.Category,
        Price = Price ?? current.Price,
        Currency = Currency ?? current.Currency,
        WeightGrams = WeightGrams ?? current.WeightGrams,
        Stock = Stock ?? current.Stock,
        IsActive = IsActive ?? current.IsActive,
    };
}
