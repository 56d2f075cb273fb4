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

    /// <summary>
    /// The query's column holding the customer id, which the lake holds as the customer's pseudonymous key; every other
    /// column of the query is the lake column at the same position.
    /// </summary>
    protected abstract int CustomerColumn { get; }

    public async Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var (full, months) = await orderMonths.ForRunAsync(context, cancellationToken);
        var previous = context.PreviousTable(Table);
        var partitions = full || previous is null
            ? new SortedDictionary<string, LakePartition>(StringComparer.Ordinal)
            : new SortedDictionary<string, LakePartition>(previous.Partitions.Where(p => p.Value is not null).ToDictionary(p => p.Value!), StringComparer.Ordinal);
        var columns = new LakeBatchColumn[Table.Columns.Count];
        LakeBatchColumn.Texts? keys = null;
        foreach (var month in months)
        {
            var partition = LakeKeys.Partition(month);
            var from = month.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            await using var writer = context.NewWriter(Table);
            var query = Query(context.Source, context.Source.Timestamp(from), context.Source.Timestamp(from.AddMonths(1)));
            await foreach (var batch in context.Source.ReadBatchesAsync(query, cancellationToken))
            {
                keys ??= new LakeBatchColumn.Texts(batch.Capacity);
                Map(batch, columns, keys, context.Pseudonyms);
                await writer.AddAsync(columns, batch.Count, cancellationToken);
                context.CountRows(batch.Count);
            }
            var before = previous?.Partitions.FirstOrDefault(p => p.Value == partition);
            if (writer.Rows == 0) partitions.Remove(partition);
            else partitions[partition] = await context.ReplacePartitionAsync(Table, partition, writer, before, cancellationToken);
        }
        context.Kept(partitions.Keys.Count(p => !months.Contains(MonthOfPartition(p))));
        return new LakeManifestTable(Table.Name, partitions.Values.ToList());
    }

    /// <summary>The batch's columns as the lake's, with the customer ids turned into keys (in <paramref name="keys"/>).</summary>
    private void Map(LakeBatch batch, LakeBatchColumn[] columns, LakeBatchColumn.Texts keys, LakePseudonyms pseudonyms)
    {
        Array.Copy(batch.Columns, columns, columns.Length);
        var ids = batch.Columns[CustomerColumn];
        for (var i = 0; i < batch.Count; i++)
        {
            keys.Nulls[i] = ids.Nulls[i];
            if (!ids.Nulls[i]) keys.Values[i] = pseudonyms.Customer(ids.Int32(i));
        }
        columns[CustomerColumn] = keys;
    }

    private static DateOnly MonthOfPartition(string partition) =>
        DateOnly.ParseExact(partition[(LakeTables.PartitionColumn.Length + 1)..] + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
