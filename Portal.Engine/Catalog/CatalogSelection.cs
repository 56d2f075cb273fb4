namespace Portal.Engine.Catalog;

/// <summary>
/// What a bulk action is for: the rows Sales ticked, or every item a filter matches at the moment the
/// action runs (so items that came to match since the count was shown are included too). Archived items are
/// never changed by a bulk action, whichever way they were chosen: restore them first.
/// </summary>
public sealed record CatalogSelection
{
    private CatalogSelection() { }

    /// <summary>The ticked rows, or null when the selection is a filter.</summary>
    public IReadOnlyCollection<int>? Ids { get; private init; }

    /// <summary>The filter (search, category, status; its sort and paging are ignored), or null when the selection is rows.</summary>
    public CatalogQuery? Filter { get; private init; }

    public static CatalogSelection Of(IReadOnlyCollection<int> ids) => new() { Ids = ids };

    public static CatalogSelection Matching(CatalogQuery filter) => new() { Filter = filter };

    public IQueryable<CatalogItem> Apply(IQueryable<CatalogItem> items) =>
        (Filter is not null ? Filter.Filter(items) : items.Where(i => Ids!.Contains(i.Id))).Where(i => i.ArchivedAt == null);

    /// <summary>How many ticked rows an action left out (archived, or deleted meanwhile), given how many it found.</summary>
    public int Skipped(int found) => Ids is null ? 0 : Math.Max(0, Ids.Count - found);
}
