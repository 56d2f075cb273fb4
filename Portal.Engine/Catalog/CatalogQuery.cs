using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Catalog;

public enum CatalogStatusFilter { Current, Active, Inactive, Archived, All }

public enum CatalogSort { Sku, Name, Category, Price, WeightGrams, Stock, IsActive, UpdatedAt }

/// <summary>A page of the catalog as Sales look at it: search, filters, sort and paging, all done by the database.</summary>
public sealed record CatalogQuery
{
    public const int MaxPageSize = 200;

    /// <summary>Matches SKU, name or category, case-insensitively.</summary>
    public string? Search { get; init; }
    public string? Category { get; init; }
    public CatalogStatusFilter Status { get; init; } = CatalogStatusFilter.Current;
    public CatalogSort Sort { get; init; } = CatalogSort.Sku;
    public bool Descending { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;

    public IQueryable<CatalogItem> Filter(IQueryable<CatalogItem> items)
    {
        items = Status switch
        {
            CatalogStatusFilter.Active => items.Where(i => i.ArchivedAt == null && i.IsActive),
            CatalogStatusFilter.Inactive => items.Where(i => i.ArchivedAt == null && !i.IsActive),
            CatalogStatusFilter.Archived => items.Where(i => i.ArchivedAt != null),
            CatalogStatusFilter.All => items,
            _ => items.Where(i => i.ArchivedAt == null),
        };
        if (!string.IsNullOrWhiteSpace(Category))
            items = items.Where(i => i.Category == Category);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var pattern = $"%{EscapeLike(Search.Trim().ToLowerInvariant())}%";
            items = items.Where(i => EF.Functions.Like(UnicodeCase.Lower(i.Sku), pattern, "\\")
                                  || EF.Functions.Like(UnicodeCase.Lower(i.Name), pattern, "\\")
                                  || EF.Functions.Like(UnicodeCase.Lower(i.Category), pattern, "\\"));
        }
        return items;
    }

    public IQueryable<CatalogItem> Order(IQueryable<CatalogItem> items)
    {
        var ordered = Sort switch
        {
            CatalogSort.Name => Descending ? items.OrderByDescending(i => i.Name) : items.OrderBy(i => i.Name),
            CatalogSort.Category => Descending ? items.OrderByDescending(i => i.Category) : items.OrderBy(i => i.Category),
            CatalogSort.Price => Descending ? items.OrderByDescending(i => i.Price) : items.OrderBy(i => i.Price),
            CatalogSort.WeightGrams => Descending ? items.OrderByDescending(i => i.WeightGrams) : items.OrderBy(i => i.WeightGrams),
            CatalogSort.Stock => Descending ? items.OrderByDescending(i => i.Stock) : items.OrderBy(i => i.Stock),
            CatalogSort.IsActive => Descending ? items.OrderByDescending(i => i.IsActive) : items.OrderBy(i => i.IsActive),
            CatalogSort.UpdatedAt => Descending ? items.OrderByDescending(i => i.UpdatedAt) : items.OrderBy(i => i.UpdatedAt),
            _ => Descending ? items.OrderByDescending(i => i.Sku) : items.OrderBy(i => i.Sku),
        };
        // A unique tie-breaker keeps pages stable when many rows share a sort value.
        return ordered.ThenBy(i => i.Id);
    }

    public int SafePageSize => Math.Clamp(PageSize, 1, MaxPageSize);
    public int SafePage => Math.Max(Page, 0);

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
}

public sealed record CatalogPage(IReadOnlyList<CatalogItem> Items, int Total, int Page, int PageSize);
