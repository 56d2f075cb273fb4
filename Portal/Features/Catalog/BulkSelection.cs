using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>
/// What the bulk actions act on, as in Gmail: the rows ticked in the grid or, once every row shown is
/// ticked and the filter matches more, every item matching the filter.
/// </summary>
public sealed class BulkSelection
{
    private IReadOnlyList<CatalogItem> _shown = [];

    /// <summary>The ticked rows: the grid's selection, which keeps rows ticked on other pages.</summary>
    public HashSet<CatalogItem> Rows { get; private set; } = new(ItemIdComparer.Instance);

    /// <summary>Every item matching the filter is selected, not only the ticked rows.</summary>
    public bool AllMatching { get; private set; }

    /// <summary>How many items the filter matches, as of the grid's last load.</summary>
    public int Matching { get; private set; }

    public int ShownCount => _shown.Count;

    /// <summary>How many items an action would act on.</summary>
    public int Count => AllMatching ? Matching : Rows.Count;

    public bool OffersAllMatching => !AllMatching && _shown.Count > 0 && Matching > _shown.Count && _shown.All(Rows.Contains);

    public void RowsChanged(HashSet<CatalogItem> rows)
    {
        Rows = rows;
        // Unticking a row narrows the selection back to the ticked rows.
        if (!_shown.All(rows.Contains)) AllMatching = false;
    }

    public void Shown(ShownRows rows)
    {
        _shown = rows.Items;
        Matching = rows.Matching;
        if (!AllMatching) return;
        if (Matching == 0) AllMatching = false; // so items that come to match later are not selected unseen
        // Every matching item is selected, so the rows of each page shown are ticked too.
        else if (!_shown.All(Rows.Contains)) Rows = new HashSet<CatalogItem>(Rows.Concat(_shown), ItemIdComparer.Instance);
    }

    public void SelectAllMatching()
    {
        if (OffersAllMatching) AllMatching = true;
    }

    public void Clear()
    {
        Rows = new HashSet<CatalogItem>(ItemIdComparer.Instance);
        AllMatching = false;
    }

    /// <summary>The engine's selection: the filter itself (evaluated when the action runs) or the ticked rows' ids.</summary>
    public CatalogSelection Target(CatalogFilter filter) =>
        AllMatching ? CatalogSelection.Matching(filter.ToCriteria()) : CatalogSelection.Of(Rows.Select(i => i.Id).ToArray());
}
