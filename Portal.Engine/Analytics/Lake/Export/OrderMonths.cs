using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// Which months of <c>sales</c> and <c>orders</c> a run regenerates: every month on the first run, afterwards the months
/// in which orders changed since the <c>orders.updated_at</c> watermark (an order shipped today that was placed in March
/// rewrites March). Worked out once per run and shared by both tables.
/// </summary>
public sealed class OrderMonths
{
    public const string WatermarkName = "orders.updated_at";

    private Task<(bool Full, SortedSet<DateOnly> Months)>? _months;

    public Task<(bool Full, SortedSet<DateOnly> Months)> ForRunAsync(LakeExportContext context, CancellationToken cancellationToken) =>
        _months ??= ComputeAsync(context, cancellationToken);

    private static async Task<(bool, SortedSet<DateOnly>)> ComputeAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var source = context.Source;
        var since = context.PreviousTable(LakeTables.Sales) is not null && context.PreviousTable(LakeTables.Orders) is not null
            ? LakeSql.ParseWatermark(context.Watermark(WatermarkName)) : null;
        // Read the high-water mark first: anything changed after it is looked at again next run.
        var max = (await source.SingleRowAsync(new LakeQuery("""SELECT MAX("UpdatedAt") FROM orders""", [LakeValueKind.Timestamp]), cancellationToken))?[0] as DateTime?;
        var filter = since is { } at ? $"""WHERE "UpdatedAt" > {source.Timestamp(at - context.Options.WatermarkOverlap)}""" : "";
        var months = new SortedSet<DateOnly>();
        // The months (yyyy-MM, UTC) worked out by the database: 25 rows, not one per order.
        var query = new LakeQuery($"""SELECT DISTINCT {source.Month("\"PlacedAt\"")} FROM orders {filter}""", [LakeValueKind.Text]);
        await foreach (var row in source.ReadAsync(query, cancellationToken))
            months.Add(DateOnly.ParseExact((string)row[0]! + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if ((max ?? since) is { } watermark) context.SetWatermark(WatermarkName, LakeSql.Watermark(watermark));
        return (since is null, months);
    }
}
