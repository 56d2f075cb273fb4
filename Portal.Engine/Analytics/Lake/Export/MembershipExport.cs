using System.Globalization;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// <c>membership</c>: a snapshot of every customer's membership per day, in the month partition of its day. A day's
/// snapshot is one file; a later run on the same day replaces that file when customers or orders changed since, and
/// leaves everything alone when nothing did. Past days stay as they were taken (they cannot be taken again); the first
/// export also writes month-end snapshots of the past, rebuilt from the tier history and the orders.
/// </summary>
public sealed class MembershipExport : ILakeTableExport
{
    public const string FingerprintWatermark = "membership.fingerprint";
    public const string SnapshotDateWatermark = "membership.snapshot_date";
    public const string SnapshotFileWatermark = "membership.snapshot_file";

    private static readonly LakeQuery Fingerprint = new("""
        SELECT (SELECT MAX("UpdatedAt") FROM orders), (SELECT MAX("UpdatedAt") FROM customers),
               (SELECT CAST(COUNT(*) AS BIGINT) FROM customers), (SELECT CAST(COALESCE(MAX("Id"), 0) AS BIGINT) FROM membership_changes)
        """, [LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Int64, LakeValueKind.Int64]);

    private static readonly LakeValueKind[] SnapshotKinds =
        [LakeValueKind.Int32, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Timestamp, LakeValueKind.Int64, LakeValueKind.Decimal, LakeValueKind.Text];

    private static readonly LakeQuery Snapshot = new("""
        SELECT c."Id", c."Tier", c."MembershipStatus", c."MemberSince", CAST(COALESCE(s.n, 0) AS BIGINT), COALESCE(s.total, 0), s.currency
        FROM customers c
        LEFT JOIN (SELECT o."CustomerId" AS customer_id, o."Currency" AS currency, COUNT(*) AS n, SUM(o."Total") AS total
                   FROM orders o WHERE o."Status" <> 'Cancelled' GROUP BY o."CustomerId", o."Currency") s ON s.customer_id = c."Id"
        ORDER BY c."Id", s.currency
        """, SnapshotKinds);

    /// <summary>The first day anything happened in the shop: where the month-end history starts.</summary>
    private static readonly LakeQuery FirstActivity = new("""
        SELECT (SELECT MIN("PlacedAt") FROM orders), (SELECT MIN("MemberSince") FROM customers), (SELECT MIN("EffectiveFrom") FROM membership_changes)
        """, [LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp]);

    /// <summary>
    /// The snapshot as it was at the end of a past day (<paramref name="end"/>, exclusive): customers who were members
    /// by then, the tier in force then from the <c>membership_changes</c> history (else their first one, else their tier
    /// now), and the orders placed by then that were not cancelled by then. Status has no history, so it is today's.
    /// </summary>
    private static LakeQuery SnapshotAt(string end) => new($"""
        SELECT c."Id",
               COALESCE(
                 (SELECT m."Tier" FROM membership_changes m WHERE m."CustomerId" = c."Id" AND m."EffectiveFrom" < {end} ORDER BY m."EffectiveFrom" DESC, m."Id" DESC LIMIT 1),
                 (SELECT m."Tier" FROM membership_changes m WHERE m."CustomerId" = c."Id" ORDER BY m."EffectiveFrom", m."Id" LIMIT 1),
                 c."Tier"),
               c."MembershipStatus", c."MemberSince", CAST(COALESCE(s.n, 0) AS BIGINT), COALESCE(s.total, 0), s.currency
        FROM customers c
        LEFT JOIN (SELECT o."CustomerId" AS customer_id, o."Currency" AS currency, COUNT(*) AS n, SUM(o."Total") AS total
                   FROM orders o WHERE o."PlacedAt" < {end} AND (o."CancelledAt" IS NULL OR o."CancelledAt" >= {end})
                   GROUP BY o."CustomerId", o."Currency") s ON s.customer_id = c."Id"
        WHERE c."MemberSince" < {end}
        ORDER BY c."Id", s.currency
        """, SnapshotKinds);

    public LakeTable Table => LakeTables.Membership;

    public async Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(context.Now);
        var stamp = await context.Source.SingleRowAsync(Fingerprint, cancellationToken);
        var fingerprint = string.Join('|', [today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), .. stamp!.Select(Text)]);
        var previous = context.PreviousTable(Table);
        if (previous is not null && context.Watermark(FingerprintWatermark) == fingerprint)
        {
            context.Kept(previous.Partitions.Count);
            return previous;
        }

        var partitions = (previous?.Partitions ?? []).Where(p => p.Value is not null).ToDictionary(p => p.Value!, StringComparer.Ordinal);
        var partition = LakeKeys.Partition(LakeKeys.MonthOf(context.Now));
        var todaysFile = context.Watermark(SnapshotDateWatermark) == today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            ? context.Watermark(SnapshotFileWatermark) : null;
        var others = partitions.TryGetValue(partition, out var current) ? current.Files.Where(f => f.Key != todaysFile).ToList() : [];
        var replaced = current?.Files.FirstOrDefault(f => f.Key == todaysFile);

        var history = partitions.Count == 0 ? await WriteHistoryAsync(context, today, partitions, cancellationToken) : 0;

        await using var writer = await WriteSnapshotAsync(context, today, Snapshot, cancellationToken);
        var written = await writer.CompleteAsync(cancellationToken);
        var snapshot = written.Rows == 0 ? null
            : replaced is not null && replaced.Sha256 == written.Sha256 ? replaced
            : await context.UploadAsync(Table, partition, written, cancellationToken);

        List<LakeFile> files = snapshot is null ? others : [.. others, snapshot];
        if (files.Count == 0) partitions.Remove(partition);
        else partitions[partition] = new LakePartition(partition, files);
        context.Kept(Math.Max(0, partitions.Count - 1 - history));
        context.SetWatermark(FingerprintWatermark, fingerprint);
        context.SetWatermark(SnapshotDateWatermark, today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (snapshot is not null) context.SetWatermark(SnapshotFileWatermark, snapshot.Key);
        return new LakeManifestTable(Table.Name, partitions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToList());
    }

    /// <summary>
    /// The first export (no snapshot yet) also takes one snapshot per past month-end, back to the shop's first month, so
    /// tier movements over past ranges can be read on a fresh install. Month-ends only, to keep the rows bounded.
    /// </summary>
    private async Task<int> WriteHistoryAsync(LakeExportContext context, DateOnly today, Dictionary<string, LakePartition> partitions, CancellationToken cancellationToken)
    {
        var written = 0;
        var first = (await context.Source.SingleRowAsync(FirstActivity, cancellationToken))!.OfType<DateTime>().DefaultIfEmpty(context.Now).Min();
        var month = LakeKeys.MonthOf(first);
        for (var day = month.AddMonths(1).AddDays(-1); day < today; month = month.AddMonths(1), day = month.AddMonths(1).AddDays(-1))
        {
            var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            await using var writer = await WriteSnapshotAsync(context, day, SnapshotAt(context.Source.Timestamp(end)), cancellationToken);
            if (writer.Rows == 0) continue;
            var partition = LakeKeys.Partition(month);
            partitions[partition] = new LakePartition(partition, [await context.UploadAsync(Table, partition, await writer.CompleteAsync(cancellationToken), cancellationToken)]);
            written++;
        }
        return written;
    }

    private async Task<ParquetPartitionWriter> WriteSnapshotAsync(LakeExportContext context, DateOnly day, LakeQuery query, CancellationToken cancellationToken)
    {
        var writer = context.NewWriter(Table);
        try
        {
            var row = new object?[Table.Columns.Count];
            await foreach (var source in context.Source.ReadAsync(query, cancellationToken))
            {
                row[0] = day;
                row[1] = context.Pseudonyms.Customer((int)source[0]!);
                row[2] = source[1];
                row[3] = source[2];
                row[4] = source[3];
                row[5] = source[4];
                row[6] = source[5];
                row[7] = source[6];
                await writer.AddAsync(row, cancellationToken);
                context.CountRow();
            }
            return writer;
        }
        catch
        {
            await writer.DisposeAsync();
            throw;
        }
    }

    private static string Text(object? value) => value switch
    {
        null => "-",
        DateTime at => LakeSql.Watermark(at),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };
}
