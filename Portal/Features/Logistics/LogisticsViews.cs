using Portal.Engine.Logistics;
using Portal.Engine.Ordering;

namespace Portal.Features.Logistics;

/// <summary>
/// What the shipping desk is looking at: statuses, a placed-date range (whole days, both ends included,
/// in UTC like the stored times), a search text and the order. <see cref="ToQuery"/> makes the engine's query.
/// </summary>
public sealed record QueueFilter
{
    public static readonly QueueFilter Default = new();

    public IReadOnlyList<OrderStatus> Statuses { get; init; } = [OrderStatus.Paid];
    public DateTime? From { get; init; }
    public DateTime? To { get; init; }
    public string? Search { get; init; }
    public bool OldestFirst { get; init; } = true;

    public bool IsDefault => Statuses.SequenceEqual(Default.Statuses) && From is null && To is null && string.IsNullOrWhiteSpace(Search) && OldestFirst;

    /// <summary>Why the date range cannot be used, or null.</summary>
    public string? RangeError => From is { } from && To is { } to && to.Date < from.Date ? "'To' must be on or after 'From'." : null;

    public LogisticsOrderQuery ToQuery(int page, int pageSize) => new()
    {
        Statuses = Statuses.ToList(),
        PlacedFrom = From is { } from ? PlacedDateRange.StartOf(from) : null,
        PlacedTo = To is { } to ? PlacedDateRange.EndOf(to) : null,
        Search = string.IsNullOrWhiteSpace(Search) ? null : Search.Trim(),
        OldestFirst = OldestFirst,
        Page = page,
        PageSize = pageSize,
    };

    public bool Equals(QueueFilter? other) =>
        other is not null && Statuses.SequenceEqual(other.Statuses) && From == other.From && To == other.To
        && (Search ?? "") == (other.Search ?? "") && OldestFirst == other.OldestFirst;

    public override int GetHashCode() => HashCode.Combine(Statuses.Count, From, To, Search ?? "", OldestFirst);
}

/// <summary>The carrier and tracking number to ship one order with.</summary>
public sealed record ShipmentInput(int OrderId, string Carrier, string TrackingNumber);

/// <summary>What became of one order in a batch: done, or why not.</summary>
public sealed record BatchOutcome(int OrderId, bool Succeeded, string Message);

/// <summary>The per-order results of "Mark shipped" or "Mark completed".</summary>
public sealed record BatchReport(string Action, IReadOnlyList<BatchOutcome> Outcomes)
{
    public int Succeeded => Outcomes.Count(o => o.Succeeded);
    public int Failed => Outcomes.Count - Succeeded;
}

public static class ShipmentMessages
{
    /// <summary>Carriers offered in the ship dialog; any other name may be typed.</summary>
    public static readonly IReadOnlyList<string> KnownCarriers = ["DHL", "DPD", "GLS", "Hermes", "UPS", "FedEx", "Deutsche Post"];

    /// <summary>The first message for a field of <see cref="LogisticsService.ShipmentErrors"/>, or null.</summary>
    public static string? For(IReadOnlyDictionary<string, string[]> errors, string field) =>
        errors.TryGetValue(field, out var messages) && messages.Length > 0 ? string.Join(" ", messages) : null;

    /// <summary>Why the engine did not do what was asked, in words for the clerk.</summary>
    public static string Refusal(ShipmentResult result) => result.Outcome switch
    {
        ShipmentOutcome.Invalid when result.Errors is { Count: > 0 } errors =>
            $"{result.Message} {string.Join(" ", errors.Values.SelectMany(m => m))}",
        _ => result.Message ?? "The order could not be changed.",
    };
}
