using Portal.Engine.Catalog;

namespace Portal.Features.Catalog;

/// <summary>What the price dialog applied, and what it had previewed (prices may have moved in between).</summary>
public sealed record PriceChangeOutcome(PriceChangePlan Applied, PriceChangePlan Previewed)
{
    public int Changed => Applied.Changed;

    /// <summary>The items or their prices were not those previewed (the percentage went to the prices stored when applied).</summary>
    public bool DiffersFromPreview => Applied.Count != Previewed.Count || Applied.Fingerprint != Previewed.Fingerprint;
}

/// <summary>What an applied import did; <see cref="Skipped"/> rows with errors were left out at the user's choice.</summary>
public sealed record ImportOutcome(int Created, int Updated, int Unchanged, int Skipped = 0)
{
    public static ImportOutcome From(CatalogImportPreview applied) =>
        new(applied.Count(ImportAction.Create), applied.Count(ImportAction.Update), applied.Count(ImportAction.Unchanged), applied.SkippedLines.Count);
}
