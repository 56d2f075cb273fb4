using System.Text.Json;
using Microsoft.Extensions.Options;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake;

/// <summary>
/// Reads and writes <c>lake/_manifest.json</c> in the lake bucket. Writing it is the export's publish: the one object
/// whose replacement switches every reader from the previous dataset to the new one.
/// </summary>
public sealed class LakeManifestStore(IObjectStore store, IOptions<LakeOptions> options) : ILakeManifestReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private string Bucket => options.Value.Bucket;

    private long publications;

    public async Task<LakeManifest?> CurrentAsync(CancellationToken cancellationToken = default) =>
        await ReadAsync(LakeKeys.Manifest, cancellationToken);

    public async Task<string?> TagAsync(CancellationToken cancellationToken = default) =>
        (await store.HeadAsync(Bucket, LakeKeys.Manifest, cancellationToken)) is { } head ? $"{head.ETag}/{head.Length}/{head.LastModified.UtcTicks}" : null;

    public long Publications => Interlocked.Read(ref publications);

    /// <summary>The manifests published recently (by their history copies), newest first.</summary>
    public async Task<IReadOnlyList<(LakeManifest Manifest, DateTimeOffset WrittenAt)>> HistoryAsync(CancellationToken cancellationToken)
    {
        var found = new List<(LakeManifest, DateTimeOffset)>();
        await foreach (var summary in LakeObjects.ListAsync(store, Bucket, LakeKeys.ManifestHistory, cancellationToken))
            if (await ReadAsync(summary.Key, cancellationToken) is { } manifest) found.Add((manifest, summary.LastModified));
        return found.OrderByDescending(f => f.Item1.Version).ToList();
    }

    /// <summary>Publishes: the history copy first, then the current manifest (written last).</summary>
    public async Task PublishAsync(LakeManifest manifest, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, Json);
        await PutAsync(LakeKeys.ManifestVersion(manifest.Version), bytes, cancellationToken);
        await PutAsync(LakeKeys.Manifest, bytes, cancellationToken);
        Interlocked.Increment(ref publications);
    }

    private async Task PutAsync(string key, byte[] bytes, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream(bytes, writable: false);
        await store.PutAsync(Bucket, key, content, "application/json", cancellationToken: cancellationToken);
    }

    private async Task<LakeManifest?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stored = await store.GetAsync(Bucket, key, cancellationToken);
        if (stored is null) return null;
        return await JsonSerializer.DeserializeAsync<LakeManifest>(stored.Content, Json, cancellationToken);
    }
}
