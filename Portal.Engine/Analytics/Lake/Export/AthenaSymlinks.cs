using System.Text;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// What Athena reads: Athena lists a table's folder rather than following the manifest, so during a run it would see
/// new files before they are published, and old and new files together until they are pruned. Its tables therefore
/// read symlink manifests instead (<c>SymlinkTextInputFormat</c>, as Delta Lake's Athena tables do): one small text
/// file per partition listing exactly the partition's current files, one atomic PUT each.
/// <para>
/// They are written after the manifest is published, never before: Athena sees a run only once every reader can. Each
/// one is compared with what is stored (not with the previous manifest), so a run that failed between publishing and
/// finishing its symlinks is repaired by the next run, changes or not; symlinks of partitions that are gone are deleted.
/// </para>
/// </summary>
public static class AthenaSymlinks
{
    public static async Task WriteAsync(IObjectStore store, string bucket, LakeManifest published, CancellationToken cancellationToken)
    {
        var wanted = published.Tables
            .SelectMany(t => t.Partitions.Select(p => (Key: LakeKeys.AthenaSymlink(t.Name, p.Value), Content: Content(bucket, p))))
            .ToDictionary(s => s.Key, s => s.Content, StringComparer.Ordinal);
        foreach (var (key, content) in wanted)
        {
            if (await StoredTextAsync(store, bucket, key, cancellationToken) == content) continue;
            using var body = new MemoryStream(Encoding.UTF8.GetBytes(content), writable: false);
            await store.PutAsync(bucket, key, body, "text/plain", cancellationToken: cancellationToken);
        }
        var stale = new List<string>();
        foreach (var table in published.Tables)
            await foreach (var stored in LakeObjects.ListAsync(store, bucket, LakeKeys.AthenaSymlinkPrefix(table.Name), cancellationToken))
                if (!wanted.ContainsKey(stored.Key)) stale.Add(stored.Key);
        foreach (var key in stale) await store.DeleteAsync(bucket, key, cancellationToken);
    }

    /// <summary>The partition's files as <c>s3://bucket/key</c>, one a line.</summary>
    public static string Content(string bucket, LakePartition partition) =>
        string.Concat(partition.Files.Select(f => $"s3://{bucket}/{f.Key}\n"));

    private static async Task<string?> StoredTextAsync(IObjectStore store, string bucket, string key, CancellationToken cancellationToken)
    {
        await using var stored = await store.GetAsync(bucket, key, cancellationToken);
        if (stored is null) return null;
        using var reader = new StreamReader(stored.Content, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
