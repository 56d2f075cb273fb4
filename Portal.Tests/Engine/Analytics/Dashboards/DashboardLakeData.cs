using Portal.Engine.Analytics.Lake;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Analytics.Dashboards;

/// <summary>
/// A small known dataset for the dashboards, around November 2026 (the range the tests look at: 2026-11-01 to
/// 2026-11-30, whose previous period is 2026-10-02 to 2026-10-31). The comments give the figures the tests expect.
/// </summary>
public static class DashboardLakeData
{
    public static readonly DateOnly From = new(2026, 11, 1);
    public static readonly DateOnly To = new(2026, 11, 30);

    /// <summary>Adds the orders, lines, snapshots and image events below to <paramref name="lake"/>.</summary>
    public static LakeFixture WithDashboardData(this LakeFixture lake)
    {
        // In range: EUR 150 in 2 orders on 11-02 (AOV 75); USD 30 on 11-02 and 10 on 11-30. Cancelled and out-of-range orders do not count.
        lake.Order(1, At(11, 2, 10), "EUR", 100m, "Shipped", "Basic", paid: At(11, 2, 10, 5), shipped: At(11, 9, 10, 5), grams: 1000) // 168 h
            .Order(2, At(11, 2, 15), "EUR", 50m, "Shipped", "Silver", paid: At(11, 2, 15), shipped: At(11, 2, 17), grams: 500)        // 2 h
            .Order(3, At(11, 2, 16), "USD", 30m, "Paid", "Gold")
            .Order(4, At(11, 5, 9), "EUR", 20m, "Cancelled", "Basic")
            .Order(5, At(11, 30, 23, 59), "USD", 10m, "Paid", "Basic")
            .Order(6, At(12, 1, 0), "EUR", 999m, "Paid", "Basic")
            // Previous period: EUR 100 in 2 orders; order 7 ships in range (768 h after paid), 2000 g on 11-16.
            .Order(7, At(10, 15, 0), "EUR", 40m, "Shipped", "Basic", paid: At(10, 15, 0), shipped: At(11, 16, 0), grams: 2000)
            .Order(8, At(10, 2, 0), "EUR", 60m, "Paid", "Basic")
            .Order(9, At(10, 1, 23, 59), "EUR", 5m, "Paid", "Basic");

        // Units in range: Tea 8 (EUR 110), Mug 3 (EUR 40 + USD 30), Lamp 1 (USD 10; the cancelled 100 do not count).
        lake.Line(1, 1, At(11, 2, 10), 11, "Mug", "Kitchen", 2, 40m, "EUR", "Shipped")
            .Line(1, 2, At(11, 2, 10), 12, "Tea", "Food", 3, 60m, "EUR", "Shipped")
            .Line(2, 3, At(11, 2, 15), 12, "Tea", "Food", 5, 50m, "EUR", "Shipped")
            .Line(3, 4, At(11, 2, 16), 11, "Mug", "Kitchen", 1, 30m, "USD", "Paid")
            .Line(4, 5, At(11, 5, 9), 13, "Lamp", "Home", 100, 20m, "EUR", "Cancelled")
            .Line(5, 6, At(11, 30, 23, 59), 13, "Lamp", "Home", 1, 10m, "USD", "Paid")
            .Line(7, 7, At(10, 15, 0), 12, "Tea", "Food", 4, 40m, "EUR", "Shipped");

        // Last snapshot by 11-30: Basic 1, Silver 2, Gold 1. From 11-01 to 11-30: c1 Basic -> Silver, c4 joins as Gold.
        foreach (var (day, c1) in new[] { (new DateOnly(2026, 10, 31), "Basic"), (From, "Basic"), (To, "Silver"), (new DateOnly(2026, 12, 1), "Gold") })
        {
            lake.Member(day, "c1", c1).Member(day, "c2", "Basic").Member(day, "c3", "Silver", "EUR").Member(day, "c3", "Silver", "USD");
            if (day >= To) lake.Member(day, "c4", "Gold");
        }

        // Uploads: 11-03 two, 11-04 one. Results: 11-01 one (2 s, for an upload on 10-31), 11-03 two (2 s and 4 s, one failed).
        lake.Image("a", "uploaded", At(11, 3, 10)).Image("a", "processed", At(11, 3, 10).AddSeconds(2), ready: true)
            .Image("b", "uploaded", At(11, 3, 11)).Image("b", "processed", At(11, 3, 11).AddSeconds(4), ready: false)
            .Image("c", "uploaded", At(11, 4, 9))
            .Image("d", "uploaded", At(10, 31, 23, 59).AddSeconds(59)).Image("d", "processed", At(11, 1, 0).AddSeconds(1), ready: true);
        return lake;
    }

    public static DateTime At(int month, int day, int hour, int minute = 0) => new(2026, month, day, hour, minute, 0, DateTimeKind.Utc);

    public static LakeFixture Order(this LakeFixture lake, long id, DateTime placed, string currency, decimal total, string status, string tier,
        DateTime? paid = null, DateTime? shipped = null, int grams = 0) =>
        lake.Add(LakeTables.Orders, new Dictionary<string, object?>
        {
            ["order_id"] = id, ["placed_at"] = placed, ["paid_at"] = paid ?? (status == "Cancelled" ? null : placed), ["shipped_at"] = shipped,
            ["cancelled_at"] = status == "Cancelled" ? placed.AddHours(1) : null, ["status"] = status, ["customer_key"] = $"k{id}",
            ["membership_tier"] = tier, ["country"] = "DE", ["currency"] = currency, ["subtotal"] = total, ["discount"] = 0m,
            ["shipping_method"] = "Standard", ["shipping_price"] = 0m, ["total"] = total, ["line_count"] = 1, ["item_count"] = 1,
            ["weight_grams"] = grams, ["carrier"] = shipped is null ? null : "DHL",
        });

    public static LakeFixture Line(this LakeFixture lake, long order, long line, DateTime placed, long item, string name, string category,
        int quantity, decimal total, string currency, string status) =>
        lake.Add(LakeTables.Sales, new Dictionary<string, object?>
        {
            ["order_id"] = order, ["line_id"] = line, ["placed_at"] = placed, ["status"] = status, ["customer_key"] = $"k{order}",
            ["membership_tier"] = "Basic", ["country"] = "DE", ["item_id"] = item, ["sku"] = $"SKU-{item}", ["item_name"] = name,
            ["category"] = category, ["quantity"] = quantity, ["unit_price"] = total / quantity, ["line_total"] = total,
            ["currency"] = currency, ["unit_weight_grams"] = 100, ["line_weight_grams"] = 100 * quantity,
        });

    public static LakeFixture Member(this LakeFixture lake, DateOnly day, string customer, string tier, string? currency = null) =>
        lake.Add(LakeTables.Membership, new Dictionary<string, object?>
        {
            ["snapshot_date"] = day, ["customer_key"] = customer, ["tier"] = tier, ["status"] = "Active",
            ["member_since"] = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), ["order_count"] = currency is null ? 0L : 1L,
            ["lifetime_value"] = currency is null ? 0m : 10m, ["currency"] = currency,
        });

    public static LakeFixture Image(this LakeFixture lake, string image, string name, DateTime at, bool? ready = null) =>
        lake.Add(LakeTables.Events, new Dictionary<string, object?>
        {
            ["event_id"] = Guid.NewGuid().ToString(), ["sequence"] = at.Ticks, ["type"] = $"portal.images.{name}.v1", ["family"] = "images",
            ["name"] = name, ["version"] = 1, ["event_key"] = image, ["subject"] = $"images/{image}", ["occurred_at"] = at,
            ["data"] = ready is null ? $$"""{"ImageId":"{{image}}"}""" : $$"""{"ImageId":"{{image}}","Ready":{{(ready.Value ? "true" : "false")}},"FailureReason":null}""",
        });
}
