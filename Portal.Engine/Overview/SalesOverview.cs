using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Overview;

public sealed record MonthlySales(int Year, int Month, int Orders, decimal Revenue);

/// <summary>Revenue in one currency: amounts in different currencies are never added up.</summary>
public sealed record CurrencyTotal(string Currency, decimal Amount);

/// <summary>Revenue and order counts per month over the last twelve months (cancelled orders excluded).</summary>
public sealed record SalesOverview(IReadOnlyList<MonthlySales> Months, IReadOnlyList<CurrencyTotal> RevenueByCurrency, int Customers, int ActiveMembers)
{
    public static async Task<SalesOverview> LoadAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        var from = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        var months = await db.Orders
            .Where(o => o.PlacedAt >= from && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => new { o.PlacedAt.Year, o.PlacedAt.Month })
            .Select(g => new MonthlySales(g.Key.Year, g.Key.Month, g.Count(), g.Sum(o => o.Total)))
            .ToListAsync(cancellationToken);
        var filled = Enumerable.Range(0, 12).Select(i => from.AddMonths(i))
            .Select(m => months.FirstOrDefault(x => x.Year == m.Year && x.Month == m.Month) ?? new MonthlySales(m.Year, m.Month, 0, 0m))
            .ToList();
        var byCurrency = await db.Orders
            .Where(o => o.PlacedAt >= from && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => o.Currency)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(o => o.Total)))
            .ToListAsync(cancellationToken);
        return new SalesOverview(filled, byCurrency.OrderBy(t => t.Currency, StringComparer.Ordinal).ToList(),
            await db.Customers.CountAsync(cancellationToken),
            await db.Customers.CountAsync(c => c.MembershipStatus == Portal.Engine.Customers.MembershipStatus.Active, cancellationToken));
    }
}
