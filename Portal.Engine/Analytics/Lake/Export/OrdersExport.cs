using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary><c>orders</c>: one row per order with its money, shipping and counts.</summary>
public sealed class OrdersExport(OrderMonths orderMonths) : MonthlyOrderTableExport(orderMonths)
{
    private static readonly LakeValueKind[] Kinds =
    [
        LakeValueKind.Int32,
        LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp,
        LakeValueKind.Text, LakeValueKind.Int32, LakeValueKind.Text, LakeValueKind.Text,
        LakeValueKind.Text, LakeValueKind.Decimal, LakeValueKind.Decimal,
        LakeValueKind.Text, LakeValueKind.Decimal, LakeValueKind.Decimal,
        LakeValueKind.Int32, LakeValueKind.Int32, LakeValueKind.Int32, LakeValueKind.Text,
    ];

    protected override int CustomerColumn => 7;

    public override LakeTable Table => LakeTables.Orders;

    protected override LakeQuery Query(ILakeSource source, string from, string to) => new($"""
        SELECT o."Id", o."PlacedAt", o."PaidAt", o."ShippedAt", o."CompletedAt", o."CancelledAt",
               o."Status", o."CustomerId", {LakeSql.TierAtOrder}, o.ship_country,
               o."Currency", o."Subtotal", o."Discount", o."ShippingMethod", o."ShippingPrice", o."Total",
               CAST((SELECT COUNT(*) FROM order_lines l WHERE l."OrderId" = o."Id") AS INTEGER),
               CAST((SELECT COALESCE(SUM(l."Quantity"), 0) FROM order_lines l WHERE l."OrderId" = o."Id") AS INTEGER),
               o."TotalWeightGrams", o."Carrier"
        FROM orders o
        JOIN customers c ON c."Id" = o."CustomerId"
        WHERE o."PlacedAt" >= {from} AND o."PlacedAt" < {to}
        ORDER BY o."PlacedAt", o."Id"
        """, Kinds);
}
