using Portal.Engine.Analytics.Lake.Sources;
using System.Runtime.InteropServices;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// <c>image_embeddings</c>: the database's embedding rows as they are now, one file, so the lake is a faithful copy
/// whichever path stored a vector (worker, backfill, tagging, demo deployment, keyed invocations) and deletions need no
/// bookkeeping: a vector whose image is deleted (or whose photo was replaced) is not in the next file. Customer images
/// are exported only when their owner allowed training; owners appear as their pseudonymous key. The file is kept when
/// its content did not change.
/// </summary>
public sealed class ImageEmbeddingsExport : ILakeTableExport
{
    private static readonly LakeQuery Rows = new("""
        SELECT e."ImageId", e."CatalogItemId", e."OwnerUserId", e."Source", e."Model", e."Vector", e."CreatedAt"
        FROM image_embeddings e
        WHERE (e."Source" = 'Customer'
                AND EXISTS (SELECT 1 FROM images i WHERE i."Id" = e."ImageId" AND i."OwnerUserId" = e."OwnerUserId"
                    AND i."OriginalKey" = e."ObjectKey" AND i."Status" <> 'Deleted')
                AND EXISTS (SELECT 1 FROM image_training_consents c WHERE c."UserId" = e."OwnerUserId" AND c."AllowTraining"))
           OR (e."Source" = 'Product'
                AND EXISTS (SELECT 1 FROM catalog_items c WHERE c."Id" = e."CatalogItemId" AND c."PhotoKey" = e."ObjectKey"))
        ORDER BY e."Id"
        """,
        [LakeValueKind.Guid, LakeValueKind.Int32, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Text, LakeValueKind.Bytes, LakeValueKind.Timestamp]);

    public LakeTable Table => LakeTables.ImageEmbeddings;

    public async Task<LakeManifestTable> ExportAsync(LakeExportContext context, CancellationToken cancellationToken)
    {
        var previous = context.PreviousTable(Table);
        await using var writer = context.NewWriter(Table);
        var row = new object?[Table.Columns.Count];
        await foreach (var stored in context.Source.ReadAsync(Rows, cancellationToken))
        {
            row[0] = stored[0];
            row[1] = stored[1];
            row[2] = stored[2] is string owner ? context.Pseudonyms.User(owner) : null;
            row[3] = ((string)stored[3]!).ToLowerInvariant();
            row[4] = stored[4];
            row[5] = Vector((byte[])stored[5]!);
            row[6] = stored[6];
            await writer.AddAsync(row, cancellationToken);
            context.CountRow();
        }
        var partition = await context.ReplacePartitionAsync(Table, null, writer, previous?.Partitions.SingleOrDefault(), cancellationToken);
        return new LakeManifestTable(Table.Name, [partition]);
    }

    /// <summary>The stored form (little-endian float32s, as Models' <c>EmbeddingVectors</c> packs them; not imported: Models imports Demo, which imports Analytics, and folders may not import in a loop).</summary>
    private static float[] Vector(byte[] stored) => stored.Length % sizeof(float) == 0
        ? MemoryMarshal.Cast<byte, float>(stored).ToArray()
        : throw new InvalidDataException($"A stored vector of {stored.Length} bytes is not a whole number of float32s.");
}
