using Microsoft.Extensions.Logging;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// Deletes data files no recent manifest lists: files superseded by a run, and files of runs that failed before they
/// published. A file stays while any manifest published within <see cref="LakeOptions.PruneAfter"/> lists it, so a
/// reader that started on the previous manifest can finish; and a file younger than that stays too (it may belong to a
/// run still writing).
/// </summary>
public sealed class LakePruner(IObjectStore store, LakeManifestStore manifests, TimeProvider clock, ILogger<LakePruner> logger)
{
    public async Task<int> PruneAsync(LakeManifest current, LakeOptions options, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var horizon = now - options.PruneAfter;
        var history = await manifests.HistoryAsync(cancellationToken);
        // The newest manifest written before the horizon was still current at the horizon: readers may follow it too.
        var recent = history.Where(h => h.WrittenAt >= horizon).Select(h => h.Manifest)
            .Concat(history.Where(h => h.WrittenAt < horizon).Take(1).Select(h => h.Manifest))
            .Append(current).ToList();
        var referenced = recent.SelectMany(Keys).ToHashSet(StringComparer.Ordinal);
        var keepVersions = recent.Select(m => LakeKeys.ManifestVersion(m.Version)).ToHashSet(StringComparer.Ordinal);

        var doomed = new List<string>();
        await foreach (var obj in LakeObjects.ListAsync(store, options.Bucket, LakeKeys.Root, cancellationToken))
        {
            if (obj.LastModified > horizon) continue;
            if (LakeKeys.IsDataFile(obj.Key) && !referenced.Contains(obj.Key)) doomed.Add(obj.Key);
            else if (obj.Key.StartsWith(LakeKeys.ManifestHistory, StringComparison.Ordinal) && !keepVersions.Contains(obj.Key)) doomed.Add(obj.Key);
        }
        foreach (var key in doomed) await store.DeleteAsync(options.Bucket, key, cancellationToken);
        if (doomed.Count > 0) logger.LogInformation("Lake: pruned {Count} objects no manifest since {Horizon} lists", doomed.Count, horizon);
        return doomed.Count;
    }

    private static IEnumerable<string> Keys(LakeManifest manifest) =>
        manifest.Tables.SelectMany(t => t.Partitions).SelectMany(p => p.Files).Select(f => f.Key);
}
