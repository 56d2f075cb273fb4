namespace Portal.Engine.Catalog;

public enum CatalogOutcome { Ok, NotFound, Invalid, Conflict }

/// <summary>
/// What a catalog change came to. On <see cref="CatalogOutcome.Conflict"/> <see cref="Item"/> holds the
/// current stored values, so the editor can show them and reapply their change on top.
/// </summary>
public sealed record CatalogResult(CatalogOutcome Outcome, CatalogItem? Item = null, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    public static CatalogResult Ok(CatalogItem item) => new(CatalogOutcome.Ok, item);
    public static readonly CatalogResult NotFound = new(CatalogOutcome.NotFound);
    public static CatalogResult Invalid(IReadOnlyDictionary<string, string[]> errors) => new(CatalogOutcome.Invalid, Errors: errors);
    public static CatalogResult Conflict(CatalogItem current) => new(CatalogOutcome.Conflict, current);

    public bool Succeeded => Outcome == CatalogOutcome.Ok;
}
