using System.Text;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// What Athena reads: Athena lists a table's folder rather than following the manifest, so during a run it would see
/// new files before they are published, and old and new files together until they are pruned. Its tables therefore
/// read symlink manifests instead (<c>SymlinkTextInputFormat</c>, as Delta Lake's Athena tables do): one small text
/// file per partition listing exactly the partition's current files, rewritten - one atomic PUT each - just before the
/// manifest is published, and only where the partition changed. A partition is never seen half-written.
/// </summary>
public static class AthenaSymlinks
{
    public static async Task WriteAsync(IObjectStore store, string bucket, LakeManifest? previous, IReadOnlyList<LakeManifestTable> tables, CancellationToken cancellationToken)
    {
        foreach (var table in tables)
        {
            var before = previous?.Table(table.Name)?.Partitions.ToDictionary(p => p.Value ?? "", StringComparer.Ordinal) ?? [];
            foreach (var partition in table.Partitions)
            {
                if (before.Remove(partition.Value ?? "", out var old) && old.Files.Select(f => f.Key).SequenceEqual(partition.Files.Select(f => f.Key))) continue;
                using var content = new MemoryStream(Encoding.UTF8.GetBytes(Content(bucket, partition)), writable: false);
                await store.PutAsync(bucket, LakeKeys.AthenaSymlink(table.Name, partition.Value), content, "text/plain", cancellationToken: cancellationToken);
            }
            foreach (var gone in before.Values)
                await store.DeleteAsync(bucket, LakeKeys.AthenaSymlink(table.Name, gone.Value), cancellationToken);
        }
    }

    /// <summary>The partition's files as <c>s3://bucket/key</c>, one a line.</summary>
    public static string Content(string bucket, LakePartition partition) =>
        string.Concat(partition.Files.Select(f => $"s3://{bucket}/{f.Key}\n"));
}
