using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Ordering;

namespace Portal.Engine.Overview;

/// <summary>One month's orders and its revenue in each currency sold in (by currency code; never added up across currencies).</summary>
public sealed record MonthlySales(int Year, int Month, int Orders, IReadOnlyList<CurrencyTotal> Revenue)
{
    /// <summary>The month's revenue in <paramref name="currency"/>, zero when nothing sold in it.</summary>
    public decimal RevenueIn(string currency) => Revenue.FirstOrDefault(t => t.Currency == currency)?.Amount ?? 0m;
}

/// <summary>Revenue in one currency: amounts in different currencies are never added up.</summary>
public sealed record CurrencyTotal(string Currency, decimal Amount);

/// <summary>Revenue and order counts per month over the last twelve months (cancelled orders excluded).</summary>
public sealed record SalesOverview(IReadOnlyList<MonthlySales> Months, IReadOnlyList<CurrencyTotal> RevenueByCurrency, int Customers, int ActiveMembers)
{
    public static async Task<SalesOverview> LoadAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken = default)
    {
        var from = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-11);
        var sold = await db.Orders
            .Where(o => o.PlacedAt >= from && o.Status != OrderStatus.Cancelled)
            .GroupBy(o => new { o.PlacedAt.Year, o.PlacedAt.Month, o.Currency })
            .Select(g => new { g.Key.Year, g.Key.Month, g.Key.Currency, Orders = g.Count(), Revenue = g.Sum(o => o.Total) })
            .ToListAsync(cancellationToken);
        var months = Enumerable.Range(0, 12).Select(i => from.AddMonths(i)).Select(m =>
        {
            var inMonth = sold.Where(s => s.Year == m.Year && s.Month == m.Month).OrderBy(s => s.Currency, StringComparer.Ordinal).ToList();
            return new MonthlySales(m.Year, m.Month, inMonth.Sum(s => s.Orders), inMonth.Select(s => new CurrencyTotal(s.Currency, s.Revenue)).ToList());
        }).ToList();
        var byCurrency = sold.GroupBy(s => s.Currency).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CurrencyTotal(g.Key, g.Sum(s => s.Revenue)))
            .ToList();
        return new SalesOverview(months, byCurrency,
            await db.Customers.CountAsync(cancellationToken),
            await db.Customers.CountAsync(c => c.MembershipStatus == Portal.Engine.Customers.MembershipStatus.Active, cancellationToken));
    }
}
