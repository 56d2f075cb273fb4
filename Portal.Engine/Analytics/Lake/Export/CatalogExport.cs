using System.Globalization;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary><c>catalog</c>: the whole catalog as it is now, one file, written again only when an item was added or changed.</summary>
public sealed class CatalogExport : ILakeTableExport
{
    public const string FingerprintWatermark = "catalog.fingerprint";

    private static readonly LakeQuery Fingerprint = new("""SELECT CAST(COUNT(*) AS BIGINT), MAX("UpdatedAt") FROM catalog_items""",
        [LakeValueKind.Int64, LakeValueKind.Timestamp]);

    private static readonly LakeQuery Items = new("""
        SELECT "Id", "Sku", "Name", "Category", "Price", "Currency", "WeightGrams", "Stock", "IsActive", "ArchivedAt", "CreatedAt", "UpdatedAt"
        FROM catalog_items ORDER BY "Id"
        """,
        [LakeValueKind.Int32, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Decimal, LakeValueKind.Text,
         LakeValueKind.Int32, LakeValueKind.Int32, LakeValueKind.Boolean, LakeValueKind.Timestamp, LakeValueKind.Timestamp, LakeValueKind.Timestamp]);

    public LakeTable Table => LakeTables.Catalog;

    public async Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var stamp = await context.Source.SingleRowAsync(Fingerprint, cancellationToken);
        var fingerprint = $"{stamp![0]}|{(stamp[1] is DateTime at ? LakeSql.Watermark(at) : "-")}";
        var previous = context.PreviousTable(Table);
        if (previous is not null && context.Watermark(FingerprintWatermark) == fingerprint)
        {
            context.Kept(previous.Partitions.Count);
            return previous;
        }
        await using var writer = context.NewWriter(Table);
        await foreach (var row in context.Source.ReadAsync(Items, cancellationToken))
        {
            await writer.AddAsync(row, cancellationToken);
            context.CountRow();
        }
        var partition = await context.ReplacePartitionAsync(Table, null, writer, previous?.Partitions.SingleOrDefault(), cancellationToken);
        context.SetWatermark(FingerprintWatermark, fingerprint.ToString(CultureInfo.InvariantCulture));
        return new LakeManifestTable(Table.Name, [partition]);
    }
}
