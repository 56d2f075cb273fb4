using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// A table of orders partitioned by the month they were placed (<c>sales</c>, <c>orders</c>): each month that changed
/// is regenerated whole from the shop database, ordered by time; the other months keep their files.
/// </summary>
public abstract class MonthlyOrderTableExport(OrderMonths orderMonths) : ILakeTableExport
{
    public abstract LakeTable Table { get; }

    /// <summary>The month's rows, ordered by the partition key.</summary>
    protected abstract LakeQuery Query(ILakeSource source, string from, string to);

    /// <summary>Fills the lake row from the source row.</summary>
    protected abstract void Map(object?[] source, object?[] row, LakePseudonyms pseudonyms);

    public async Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var (full, months) = await orderMonths.ForRunAsync(context, cancellationToken);
        var previous = context.PreviousTable(Table);
        var partitions = full || previous is null
            ? new SortedDictionary<string, LakePartition>(StringComparer.Ordinal)
            : new SortedDictionary<string, LakePartition>(previous.Partitions.Where(p => p.Value is not null).ToDictionary(p => p.Value!), StringComparer.Ordinal);
        var lakeRow = new object?[Table.Columns.Count];
        foreach (var month in months)
        {
            var partition = LakeKeys.Partition(month);
            var from = month.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            await using var writer = context.NewWriter(Table);
            var query = Query(context.Source, context.Source.Timestamp(from), context.Source.Timestamp(from.AddMonths(1)));
            await foreach (var row in context.Source.ReadAsync(query, cancellationToken))
            {
                Map(row, lakeRow, context.Pseudonyms);
                await writer.AddAsync(lakeRow, cancellationToken);
                context.CountRow();
            }
            var before = previous?.Partitions.FirstOrDefault(p => p.Value == partition);
            if (writer.Rows == 0) partitions.Remove(partition);
            else partitions[partition] = await context.ReplacePartitionAsync(Table, partition, writer, before, cancellationToken);
        }
        context.Kept(partitions.Keys.Count(p => !months.Contains(MonthOfPartition(p))));
        return new LakeManifestTable(Table.Name, partitions.Values.ToList());
    }

    private static DateOnly MonthOfPartition(string partition) =>
        DateOnly.ParseExact(partition[(LakeTables.PartitionColumn.Length + 1)..] + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
