namespace Portal.Engine.Catalog;

public sealed record PriceChangeLine(int Id, string Sku, string Name, decimal OldPrice, decimal NewPrice);

/// <summary>What a bulk price change by a percentage does to each item; shown before it is applied.</summary>
public sealed record PriceChangePlan(decimal Percent, IReadOnlyList<PriceChangeLine> Lines, string? Error)
{
    public const decimal MinPercent = -90m;
    public const decimal MaxPercent = 500m;

    public static PriceChangePlan For(IReadOnlyList<CatalogItem> items, decimal percent)
    {
        if (percent is < MinPercent or > MaxPercent)
            return new(percent, [], $"The change must be between {MinPercent}% and +{MaxPercent}%.");
        if (decimal.Round(percent, 2) != percent)
            return new(percent, [], "The percentage has at most two decimals.");
        if (items.Count == 0)
            return new(percent, [], "Select at least one item.");
        var lines = items.Select(i => new PriceChangeLine(i.Id, i.Sku, i.Name, i.Price, NewPrice(i.Price, percent))).ToList();
        var tooHigh = lines.FirstOrDefault(l => CatalogItemRules.PriceError(l.NewPrice) is not null);
        return tooHigh is null
            ? new(percent, lines, null)
            : new(percent, lines, $"{tooHigh.Sku} would cost {tooHigh.NewPrice}: {CatalogItemRules.PriceError(tooHigh.NewPrice)}");
    }

    public static decimal NewPrice(decimal price, decimal percent) =>
        decimal.Round(price * (1 + percent / 100m), 2, MidpointRounding.AwayFromZero);
}
