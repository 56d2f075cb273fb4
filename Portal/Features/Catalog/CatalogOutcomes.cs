using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>What the price dialog applied, and what it had previewed (prices may have moved in between).</summary>
public sealed record PriceChangeOutcome(PriceChangePlan Applied, PriceChangePlan Previewed)
{
    public int Changed => Applied.Lines.Count(l => l.NewPrice != l.OldPrice);

    public bool DiffersFromPreview =>
        !Applied.Lines.Select(l => (l.Id, l.OldPrice, l.NewPrice)).SequenceEqual(Previewed.Lines.Select(l => (l.Id, l.OldPrice, l.NewPrice)));
}

/// <summary>What an applied import did.</summary>
public sealed record ImportOutcome(int Created, int Updated, int Unchanged)
{
    public static ImportOutcome From(CatalogImportPreview applied) =>
        new(applied.Count(ImportAction.Create), applied.Count(ImportAction.Update), applied.Count(ImportAction.Unchanged));
}
