using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Analytics.Lake;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>
/// Keeps a local copy of the files the current manifest lists (DuckDB reads local files; the lake may be S3).
/// A new manifest version is brought in beside the old one (files are immutable and named per run, so only new ones
/// are downloaded, each checked against its SHA-256), then swapped in at once; files no longer listed are deleted once
/// no query holds a version that lists them.
/// </summary>
public sealed class LakeMirror : IDisposable
{
    private const string StagingFolder = ".staging";

    private readonly IObjectStore store;
    private readonly ILakeManifestReader manifests;
    private readonly DuckDbOptions options;
    private readonly string bucket;
    private readonly TimeProvider time;
    private readonly ILogger<LakeMirror> logger;
    private readonly SemaphoreSlim syncing = new(1, 1);
    private readonly object gate = new();
    private readonly List<LakeSnapshot> retired = [];
    private readonly HashSet<string> verified = new(StringComparer.Ordinal);
    private HashSet<string> pending = new(StringComparer.Ordinal);
    private LakeSnapshot? current;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;
    private string? checkedTag;
    private long seenPublications;
    private bool pruned;

    public LakeMirror(IObjectStore store, ILakeManifestReader manifests, IOptions<DuckDbOptions> options, IOptions<LakeOptions> lake, TimeProvider time, ILogger<LakeMirror> logger)
    {
        this.store = store;
        this.manifests = manifests;
        this.options = options.Value;
        bucket = lake.Value.Bucket;
        this.time = time;
        this.logger = logger;
        Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(this.options.CacheDirectory
            ?? throw new InvalidOperationException($"{DuckDbOptions.Section}:CacheDirectory is not set.")));
    }

    /// <summary>The cache folder (full path, no trailing separator): the only folder queries may read.</summary>
    public string Directory { get; }

    /// <summary>The version queries use now, or null before the first successful sync.</summary>
    public LakeSnapshot? Current => Volatile.Read(ref current);

    /// <summary>
    /// A lease on the newest version (syncing first when the last manifest check is older than
    /// <see cref="DuckDbOptions.ManifestCheckInterval"/> or this process has published a manifest since), or null when
    /// nothing has been exported yet.
    /// </summary>
    public async Task<LakeLease?> AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (Stale()) await SyncAsync(cancellationToken);
        lock (gate)
        {
            if (current is null) return null;
            current.Leases++;
            return new LakeLease(current, Release);
        }
    }

    private bool Stale() =>
        Current is null || time.GetUtcNow() - checkedAt >= options.ManifestCheckInterval || manifests.Publications != Interlocked.Read(ref seenPublications);

    /// <summary>
    /// Reads the manifest and, when it names a new version, mirrors it and swaps it in. The manifest object's tag is
    /// looked at first: while it is the one last read, the manifest is not read again.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await syncing.WaitAsync(cancellationToken);
        try
        {
            if (!Stale()) return;
            Interlocked.Exchange(ref seenPublications, manifests.Publications);
            var tag = await manifests.TagAsync(cancellationToken);
            if (tag is not null && tag == checkedTag && Current is not null)
            {
                checkedAt = time.GetUtcNow();
                return;
            }
            var manifest = await manifests.CurrentAsync(cancellationToken);
            if (manifest is null || (Current is { } now && now.Version == manifest.Version && now.Manifest.CreatedAt == manifest.CreatedAt))
            {
                checkedAt = time.GetUtcNow();
                checkedTag = manifest is null ? null : tag;
                if (!pruned) Prune();
                return;
            }
            try
            {
                var snapshot = await MirrorAsync(manifest, cancellationToken);
                lock (gate)
                {
                    if (current is not null)
                    {
                        current.Retired = true;
                        retired.Add(current);
                    }
                    current = snapshot;
                    pending = new HashSet<string>(StringComparer.Ordinal);
                }
                checkedAt = time.GetUtcNow();
                checkedTag = tag;
                logger.LogInformation("Lake mirror now at manifest version {Version} ({Files} files)", manifest.Version, snapshot.AllFiles.Count());
            }
            catch (Exception ex) when (ex is not OperationCanceledException && Current is not null)
            {
                // The version in use stays consistent; try the new one again at the next check.
                checkedAt = time.GetUtcNow();
                logger.LogWarning(ex, "Could not mirror lake manifest version {Version}; queries keep using version {Current}", manifest.Version, Current.Version);
            }
            Prune();
        }
        finally
        {
            syncing.Release();
        }
    }

    private async Task<LakeSnapshot> MirrorAsync(LakeManifest manifest, CancellationToken cancellationToken)
    {
        var files = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        var all = new List<(LakeFile File, string Path)>();
        foreach (var table in manifest.Tables)
        {
            var paths = new List<string>();
            foreach (var file in table.Partitions.SelectMany(p => p.Files))
            {
                var path = LocalPath(file.Key);
                paths.Add(path);
                all.Add((file, path));
            }
            files[table.Name.ToLowerInvariant()] = paths;
        }
        lock (gate) pending = all.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);

        System.IO.Directory.CreateDirectory(Path.Combine(Directory, StagingFolder));
        await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (f, ct) => await EnsureFileAsync(f.File, f.Path, ct));
        return new LakeSnapshot(manifest, files);
    }

    private async Task EnsureFileAsync(LakeFile file, string path, CancellationToken cancellationToken)
    {
        lock (verified)
            if (verified.Contains(path) && File.Exists(path)) return;
        if (File.Exists(path))
        {
            await using var existing = File.OpenRead(path);
            if (existing.Length == file.Bytes && Matches(await SHA256.HashDataAsync(existing, cancellationToken), file.Sha256))
            {
                lock (verified) verified.Add(path);
                return;
            }
        }

        var staging = Path.Combine(Directory, StagingFolder, Guid.NewGuid().ToString("N") + ".part");
        try
        {
            await using (var stored = await store.GetAsync(bucket, file.Key, cancellationToken)
                ?? throw new AnalyticsQueryException(QueryRefusal.Unavailable, $"The dataset lists '{file.Key}', but the lake has no such file."))
            await using (var output = new FileStream(staging, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await stored.Content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
                if (!Matches(hash.GetHashAndReset(), file.Sha256))
                    throw new AnalyticsQueryException(QueryRefusal.Unavailable, $"'{file.Key}' does not match the SHA-256 the dataset's manifest gives for it.");
            }
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Move(staging, path, overwrite: true);
            lock (verified) verified.Add(path);
        }
        finally
        {
            if (File.Exists(staging)) File.Delete(staging);
        }
    }

    private static bool Matches(byte[] hash, string expected) =>
        string.Equals(Convert.ToHexString(hash), expected.Trim(), StringComparison.OrdinalIgnoreCase);

    /// <summary>Where an object key lives in the cache; refuses keys that would land outside it.</summary>
    public string LocalPath(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Directory, key.Replace('\\', '/').TrimStart('/')));
        if (!path.StartsWith(Directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path.Contains(Path.DirectorySeparatorChar + StagingFolder))
            throw new AnalyticsQueryException(QueryRefusal.Unavailable, $"The dataset lists a file key that is not allowed: '{key}'.");
        return path;
    }

    private void Release(LakeSnapshot snapshot)
    {
        bool prune;
        lock (gate)
        {
            snapshot.Leases--;
            prune = snapshot.Retired && snapshot.Leases == 0;
        }
        if (prune) Prune();
    }

    /// <summary>Deletes cached files no live version lists (and closes retired versions' idle connections).</summary>
    private void Prune()
    {
        HashSet<string> keep;
        List<LakeSnapshot> done;
        lock (gate)
        {
            done = retired.Where(s => s.Leases == 0).ToList();
            retired.RemoveAll(done.Contains);
            keep = new HashSet<string>(pending, StringComparer.Ordinal);
            foreach (var snapshot in retired.Append(current).OfType<LakeSnapshot>()) keep.UnionWith(snapshot.AllFiles);
        }
        foreach (var snapshot in done) snapshot.CloseIdle();
        if (!System.IO.Directory.Exists(Directory)) return;
        try
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories))
            {
                if (keep.Contains(file) || (file.StartsWith(Path.Combine(Directory, StagingFolder), StringComparison.Ordinal) && syncing.CurrentCount == 0)) continue;
                File.Delete(file);
                lock (verified) verified.Remove(file);
            }
            pruned = true;
        }
        catch (IOException ex)
        {
            logger.LogWarning(ex, "Could not prune the lake cache {Directory}; will try again", Directory);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            current?.CloseIdle();
            foreach (var snapshot in retired) snapshot.CloseIdle();
        }
        syncing.Dispose();
    }
}
