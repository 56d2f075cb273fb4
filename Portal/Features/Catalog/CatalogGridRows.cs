using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>The rows a grid page shows, and how many items its filter matches in all.</summary>
public sealed record ShownRows(IReadOnlyList<CatalogItem> Items, int Matching);

/// <summary>Rows are the same item when their ids are: selection survives reloads that bring new instances.</summary>
public sealed class ItemIdComparer : IEqualityComparer<CatalogItem>
{
    public static readonly ItemIdComparer Instance = new();

    public bool Equals(CatalogItem? x, CatalogItem? y) => x?.Id == y?.Id;

    public int GetHashCode(CatalogItem obj) => obj.Id.GetHashCode();
}
