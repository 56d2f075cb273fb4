namespace Portal.Engine.Catalog;

/// <summary>One or more catalog items changed; open grids on this instance refresh when they hear it.</summary>
public sealed record CatalogChanged(IReadOnlyList<int> ItemIds, string ChangedBy);

/// <summary>In-process broadcast of catalog changes (one per app instance, registered as a singleton).</summary>
public sealed class CatalogChangeFeed
{
    public event Action<CatalogChanged>? Changed;

    public void Publish(CatalogChanged change) => Changed?.Invoke(change);
}
