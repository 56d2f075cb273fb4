using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>What the Sales user narrowed the catalog grid to: search text, one category, a status.</summary>
public sealed record CatalogFilter
{
    public static readonly CatalogFilter Default = new();

    public string Search { get; init; } = "";
    public string? Category { get; init; }
    public CatalogStatusFilter Status { get; init; } = CatalogStatusFilter.Current;

    public bool IsDefault => this == Default;

    public CatalogQuery ToQuery(CatalogSort sort, bool descending, int page, int pageSize) => new()
    {
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        Category = string.IsNullOrWhiteSpace(Category) ? null : Category,
        Status = Status,
        Sort = sort,
        Descending = descending,
        Page = page,
        PageSize = pageSize,
    };

    /// <summary>What the filter matches, without an order or a page: for actions on every matching item.</summary>
    public CatalogQuery ToCriteria() => ToQuery(CatalogSort.Sku, descending: false, page: 0, pageSize: CatalogQuery.MaxPageSize);

    /// <summary>The CSV export of everything this filter matches, in the grid's order.</summary>
    public string ExportUrl(CatalogSort sort, bool descending)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(Search)) query.Add("search=" + Uri.EscapeDataString(Search.Trim()));
        if (!string.IsNullOrWhiteSpace(Category)) query.Add("category=" + Uri.EscapeDataString(Category));
        query.Add("status=" + Status);
        query.Add("sort=" + sort);
        query.Add("desc=" + (descending ? "true" : "false"));
        return "/api/catalog/export?" + string.Join("&", query);
    }
}
