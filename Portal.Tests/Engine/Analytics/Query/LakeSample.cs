using Portal.Engine.Analytics.Lake;

namespace Portal.Tests.Engine.Analytics.Query;

/// <summary>
/// The small dataset every engine is tested over: 5 order lines in two months (2 files in November), 3 orders,
/// 3 catalog items, 2 events, and an exported but empty membership table.
/// </summary>
public static class LakeSample
{
    public static readonly DateTime Oct3 = new(2026, 10, 3, 9, 30, 0, DateTimeKind.Utc);
    public static readonly DateTime Nov5 = new(2026, 11, 5, 14, 0, 0, DateTimeKind.Utc);
    public static readonly DateTime Nov20 = new(2026, 11, 20, 8, 15, 30, DateTimeKind.Utc);

    public static async Task WriteAsync(LakeDatasetWriter writer, long version = 1)
    {
        await writer.AddFileAsync(LakeTables.Sales, "2026-10", $"part-{version}-0.parquet",
            [Line(1001, 1, Oct3, "Completed", "gold", 7, "Mug", "Kitchen", 2, 12.50m), Line(1001, 2, Oct3, "Completed", "gold", 8, "Tea", "Food", 1, 4.25m)]);
        await writer.AddFileAsync(LakeTables.Sales, "2026-11", $"part-{version}-0.parquet",
            [Line(1002, 3, Nov5, "Shipped", "silver", 7, "Mug", "Kitchen", 1, 12.50m)]);
        await writer.AddFileAsync(LakeTables.Sales, "2026-11", $"part-{version}-1.parquet",
            [Line(1003, 4, Nov20, "Paid", null, 9, "Lamp", "Home", 3, 30.00m), Line(1003, 5, Nov20, "Paid", null, 8, "Tea", "Food", 4, 4.25m)]);
        await writer.AddFileAsync(LakeTables.Orders, "2026-10", $"part-{version}-0.parquet", [Order(1001, Oct3, 29.25m)]);
        await writer.AddFileAsync(LakeTables.Orders, "2026-11", $"part-{version}-0.parquet", [Order(1002, Nov5, 12.50m), Order(1003, Nov20, 107.00m)]);
        await writer.AddFileAsync(LakeTables.Catalog, null, $"part-{version}.parquet",
            [Item(7, "Mug", "Kitchen", 12.50m, true), Item(8, "Tea", "Food", 4.25m, true), Item(9, "Lamp", "Home", 30.00m, false)]);
        await writer.AddFileAsync(LakeTables.Events, "2026-11", $"part-{version}-0.parquet",
        [
            Event(1, "portal.images.processed.v1", Nov5, """{"Ready":true,"Millis":120,"Sizes":[1,2]}"""),
            Event(2, "portal.images.processed.v1", Nov20, """{"Ready":false,"Millis":480,"Sizes":[]}"""),
        ]);
        writer.AddEmpty(LakeTables.Membership);
        await writer.PublishAsync(version);
    }

    private static Dictionary<string, object?> Line(long order, long line, DateTime placed, string status, string? tier, long item, string name, string category, int quantity, decimal price) => new()
    {
        ["order_id"] = order, ["line_id"] = line, ["placed_at"] = placed, ["paid_at"] = placed.AddMinutes(5),
        ["shipped_at"] = status is "Shipped" or "Completed" ? placed.AddDays(1) : null, ["completed_at"] = status == "Completed" ? placed.AddDays(3) : null,
        ["status"] = status, ["customer_key"] = $"ck-{order % 1000}", ["membership_tier"] = tier, ["country"] = "NL",
        ["item_id"] = item, ["sku"] = $"SKU-{item}", ["item_name"] = name, ["category"] = category, ["quantity"] = quantity,
        ["unit_price"] = price, ["line_total"] = price * quantity, ["currency"] = "EUR", ["unit_weight_grams"] = 250, ["line_weight_grams"] = 250 * quantity,
    };

    private static Dictionary<string, object?> Order(long order, DateTime placed, decimal total) => new()
    {
        ["order_id"] = order, ["placed_at"] = placed, ["status"] = "Paid", ["customer_key"] = $"ck-{order % 1000}", ["country"] = "NL",
        ["currency"] = "EUR", ["subtotal"] = total, ["discount"] = 0m, ["shipping_method"] = "Standard", ["shipping_price"] = 0m, ["total"] = total,
        ["line_count"] = 1, ["item_count"] = 1, ["weight_grams"] = 250, ["carrier"] = "PostNL",
    };

    private static Dictionary<string, object?> Item(long id, string name, string category, decimal price, bool active) => new()
    {
        ["item_id"] = id, ["sku"] = $"SKU-{id}", ["name"] = name, ["category"] = category, ["price"] = price, ["currency"] = "EUR",
        ["weight_grams"] = 250, ["stock"] = 10, ["is_active"] = active, ["created_at"] = Oct3, ["updated_at"] = Oct3,
    };

    private static Dictionary<string, object?> Event(long sequence, string type, DateTime at, string data) => new()
    {
        ["event_id"] = Guid.NewGuid().ToString(), ["sequence"] = sequence, ["type"] = type, ["family"] = "images", ["name"] = "processed",
        ["version"] = 1, ["event_key"] = $"img-{sequence}", ["subject"] = null, ["occurred_at"] = at, ["data"] = data,
    };
}
