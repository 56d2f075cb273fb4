using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Logistics;

/// <summary>Which orders logistics look at: by status and placed-date range, newest or oldest first, paged.</summary>
public sealed record LogisticsOrderQuery
{
    public const int MaxPageSize = 200;

    public IReadOnlyList<OrderStatus> Statuses { get; init; } = [OrderStatus.Paid];
    public DateTime? PlacedFrom { get; init; }
    public DateTime? PlacedTo { get; init; }
    /// <summary>An order number, or part of the customer's name or city.</summary>
    public string? Search { get; init; }
    public bool OldestFirst { get; init; } = true;
    public int Page { get; init; }
    public int PageSize { get; init; } = 50;

    public IQueryable<Order> Apply(IQueryable<Order> orders)
    {
        if (Statuses.Count > 0) orders = orders.Where(o => Statuses.Contains(o.Status));
        if (PlacedFrom is { } from) orders = orders.Where(o => o.PlacedAt >= from);
        if (PlacedTo is { } to) orders = orders.Where(o => o.PlacedAt < to);
        if (!string.IsNullOrWhiteSpace(Search))
        {
            var text = Search.Trim();
            var lowered = text.ToLowerInvariant();
            orders = int.TryParse(text.TrimStart('#'), out var id)
                ? orders.Where(o => o.Id == id)
                : orders.Where(o => UnicodeCase.Lower(o.Customer!.FullName).Contains(lowered) || UnicodeCase.Lower(o.ShippingAddress.City).Contains(lowered));
        }
        return OldestFirst ? orders.OrderBy(o => o.PlacedAt).ThenBy(o => o.Id) : orders.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id);
    }
}

public sealed record LogisticsOrderPage(IReadOnlyList<Order> Orders, int Total, long TotalWeightGrams, int Page, int PageSize);
