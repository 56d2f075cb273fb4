using System.Globalization;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// <c>events</c>: the outbox's events in <c>Sequence</c> order after the <c>outbox.sequence</c> watermark, appended as
/// a new file to each month they fall in (read month by month, so one Parquet writer is open at a time). Events are
/// never regenerated: the relay prunes published outbox rows after a while, so the lake is where old events live on.
/// User and customer ids in the data become their keys.
/// </summary>
public sealed class EventsExport : ILakeTableExport
{
    public const string WatermarkName = "outbox.sequence";
    private const string OccurredAt = "\"OccurredAt\"";

    public LakeTable Table => LakeTables.Events;

    public async Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var source = context.Source;
        var previous = context.PreviousTable(Table);
        var after = previous is not null && long.TryParse(context.Watermark(WatermarkName), CultureInfo.InvariantCulture, out var w) ? w : 0;
        // Sequences are handed out before commit: a transaction may commit a lower one after a higher one is visible.
        // Stopping at events older than the overlap leaves time for such stragglers to land before the watermark passes them.
        var cutoff = source.Timestamp(context.Now - context.Options.WatermarkOverlap);
        var upTo = (await source.SingleRowAsync(new LakeQuery(
            $"""SELECT CAST(COALESCE(MAX("Sequence"), 0) AS BIGINT) FROM outbox_messages WHERE "OccurredAt" < {cutoff}""", [LakeValueKind.Int64]), cancellationToken))![0] as long? ?? 0;

        var partitions = (previous?.Partitions ?? []).Where(p => p.Value is not null).ToDictionary(p => p.Value!, StringComparer.Ordinal);
        var kept = partitions.Count;
        // The source sorts by month, then sequence: one month's writer is open at a time, however many months the run
        // spans, and each month's file holds its events in sequence order, uploaded in month order.
        string? open = null;
        ParquetPartitionWriter? writer = null;
        try
        {
            if (upTo > after)
            {
                var query = new LakeQuery($"""
                    SELECT "EventId", "Sequence", "Type", "Family", "Key", "Subject", "OccurredAt", "Payload"
                    FROM outbox_messages WHERE "Sequence" > {after} AND "Sequence" <= {upTo}
                    ORDER BY {source.Month(OccurredAt)}, "Sequence"
                    """,
                    [LakeValueKind.Guid, LakeValueKind.Int64, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Timestamp, LakeValueKind.Text]);
                var row = new object?[Table.Columns.Count];
                await foreach (var message in source.ReadAsync(query, cancellationToken))
                {
                    var type = (string)message[2]!;
                    var (name, version) = NameAndVersion(type);
                    row[0] = message[0];
                    row[1] = message[1];
                    row[2] = type;
                    row[3] = message[3];
                    row[4] = name;
                    row[5] = version;
                    row[6] = message[4];
                    row[7] = message[5];
                    row[8] = message[6];
                    row[9] = context.Pseudonyms.EventData((string)message[7]!);
                    var partition = LakeKeys.Partition(LakeKeys.MonthOf((DateTime)message[6]!));
                    if (partition != open)
                    {
                        if (writer is not null) kept -= await AppendAsync(context, partitions, open!, Take(ref writer), cancellationToken);
                        writer = context.NewWriter(Table);
                        open = partition;
                    }
                    await writer!.AddAsync(row, cancellationToken);
                    context.CountRow();
                }
            }
            if (writer is not null) kept -= await AppendAsync(context, partitions, open!, Take(ref writer), cancellationToken);
        }
        finally
        {
            if (writer is not null) await writer.DisposeAsync();
        }
        context.Kept(kept);
        context.SetWatermark(WatermarkName, Math.Max(after, upTo).ToString(CultureInfo.InvariantCulture));
        return new LakeManifestTable(Table.Name, partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList());
    }

    /// <summary>Hands the writer over to <see cref="AppendAsync"/>, which disposes it, so the caller's cleanup does not.</summary>
    private static ParquetPartitionWriter Take(ref ParquetPartitionWriter? writer)
    {
        var taken = writer!;
        writer = null;
        return taken;
    }

    /// <summary>
    /// Uploads a month's new file and adds it to the partition's files; 1 when the partition was one the previous run
    /// had (no longer merely kept), else 0. The writer is disposed either way.
    /// </summary>
    private async Task<int> AppendAsync(LakeExportContext context, Dictionary<string, LakePartition> partitions, string partition,
        ParquetPartitionWriter writer, CancellationToken cancellationToken)
    {
        await using (writer)
        {
            var file = await context.UploadAsync(Table, partition, await writer.CompleteAsync(cancellationToken), cancellationToken);
            var existed = partitions.TryGetValue(partition, out var existing);
            partitions[partition] = new LakePartition(partition, [.. existing?.Files ?? [], file]);
            return existed && existing!.Files.All(f => !f.Key.Contains($"-{context.RunId:D10}-", StringComparison.Ordinal)) ? 1 : 0;
        }
    }

    /// <summary><c>portal.images.uploaded.v1</c> is named <c>uploaded</c>, version 1.</summary>
    private static (string? Name, int? Version) NameAndVersion(string type)
    {
        var parts = type.Split('.');
        if (parts.Length < 2) return (type, null);
        var last = parts[^1];
        return last.Length > 1 && last[0] == 'v' && int.TryParse(last[1..], CultureInfo.InvariantCulture, out var version)
            ? (parts[^2], version) : (last, null);
    }
}
