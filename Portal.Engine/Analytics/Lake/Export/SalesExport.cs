using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary><c>sales</c>: one row per order line, with the order's times and status and the customer's tier at the time.</summary>
public sealed class SalesExport(OrderMonths orderMonths) : MonthlyOrderTableExport(orderMonths)
{
    private static readonly LakeValueKind[] Kinds =
    [
        LakeValueKind.Int32, LakeValueKind.Int32,
        LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp,
        LakeValueKind.Text, LakeValueKind.Int32, LakeValueKind.Text, LakeValueKind.Text,
        LakeValueKind.Int32, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Text,
        LakeValueKind.Int32, LakeValueKind.Decimal, LakeValueKind.Decimal, LakeValueKind.Text, LakeValueKind.Int32, LakeValueKind.Int32,
    ];

    protected override int CustomerColumn => 8;

    public override LakeTable Table => LakeTables.Sales;

    protected override LakeQuery Query(ILakeSource source, string from, string to) => new($"""
        SELECT o."Id", l."Id", o."PlacedAt", o."PaidAt", o."ShippedAt", o."CompletedAt", o."CancelledAt", o."Status", o."CustomerId",
               {LakeSql.TierAtOrder}, o.ship_country,
               l."CatalogItemId", l."Sku", l."Name", i."Category", l."Quantity", l."UnitPrice", l."LineTotal", o."Currency",
               l."UnitWeightGrams", l."LineWeightGrams"
        FROM orders o
        JOIN order_lines l ON l."OrderId" = o."Id"
        JOIN customers c ON c."Id" = o."CustomerId"
        LEFT JOIN catalog_items i ON i."Id" = l."CatalogItemId"
        WHERE o."PlacedAt" >= {from} AND o."PlacedAt" < {to}
        ORDER BY o."PlacedAt", o."Id", l."Id"
        """, Kinds);
}
