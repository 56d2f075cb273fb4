namespace Portal.Engine.Catalog;

public sealed record PriceChangeLine(int Id, string Sku, string Name, decimal OldPrice, decimal NewPrice, string Currency);

/// <summary>
/// What a bulk price change by a percentage does; shown before it is applied. It covers the whole
/// selection (<see cref="Count"/> items, <see cref="Changed"/> of whose prices move) but lists only
/// the first <see cref="MaxExamples"/> by SKU, so a plan over the whole catalog stays small.
/// </summary>
public sealed record PriceChangePlan(decimal Percent, int Count, int Changed, IReadOnlyList<PriceChangeLine> Examples, long Fingerprint, string? Error)
{
    public const decimal MinPercent = -90m;
    public const decimal MaxPercent = 500m;
    /// <summary>At least a grid page (at most 100 rows), so a selection of rows is always listed whole.</summary>
    public const int MaxExamples = 100;

    public bool ListsEveryItem => Examples.Count == Count;

    /// <summary>Ticked rows left out because they were archived after being ticked.</summary>
    public int Skipped { get; init; }

    public static PriceChangePlan Refused(decimal percent, string error) => new(percent, 0, 0, [], 0, error);

    public static string? PercentError(decimal percent) =>
        percent is < MinPercent or > MaxPercent ? $"The change must be between {MinPercent}% and +{MaxPercent}%."
        : decimal.Round(percent, 2) != percent ? "The percentage has at most two decimals."
        : null;

    public static decimal NewPrice(decimal price, decimal percent) =>
        decimal.Round(price * (1 + percent / 100m), 2, MidpointRounding.AwayFromZero);
}

/// <summary>Builds a <see cref="PriceChangePlan"/> one item at a time, in SKU order.</summary>
public sealed class PriceChangePlanBuilder(decimal percent)
{
    private readonly List<PriceChangeLine> _examples = [];
    private int _count;
    private int _changed;
    private string? _error;
    // FNV-1a over every (id, old price) in order: a plan applied to other items or prices than the
    // preview showed gets another fingerprint, without keeping every line.
    private long _fingerprint = unchecked((long)14695981039346656037UL);

    /// <summary>True once an item's new price is invalid: the plan cannot be applied.</summary>
    public bool Failed => _error is not null;

    public int Count => _count;

    public PriceChangeLine Add(int id, string sku, string name, decimal price, string currency)
    {
        var line = new PriceChangeLine(id, sku, name, price, PriceChangePlan.NewPrice(price, percent), currency);
        _count++;
        if (line.NewPrice != line.OldPrice) _changed++;
        if (_examples.Count < PriceChangePlan.MaxExamples) _examples.Add(line);
        Mix(id);
        Mix((long)(price * 100m));
        if (_error is null && CatalogItemRules.PriceError(line.NewPrice) is { } error)
            _error = $"{line.Sku} would cost {line.NewPrice}: {error}";
        return line;
    }

    public PriceChangePlan Build() =>
        new(percent, _count, _changed, _examples, _fingerprint, _error ?? (_count == 0 ? "Select at least one item." : null));

    private void Mix(long value) => _fingerprint = unchecked((_fingerprint ^ value) * 1099511628211L);
}
