using System.Collections.Concurrent;
using DuckDB.NET.Data;
using Portal.Engine.Analytics.Lake;

namespace Portal.Engine.Analytics.Query.DuckDb;

/// <summary>
/// One manifest version as mirrored locally: the local path of every file it lists, by table, and the idle
/// connections whose views point at exactly those files. Queries hold a lease on it, so its files stay until the last
/// query over it ends, even after a newer version took its place.
/// </summary>
public sealed class LakeSnapshot
{
    private readonly ConcurrentBag<DuckDBConnection> idle = [];
    private readonly ConcurrentDictionary<string, string> viewSql = new(StringComparer.OrdinalIgnoreCase);

    internal LakeSnapshot(LakeManifest manifest, IReadOnlyDictionary<string, IReadOnlyList<string>> filesByTable)
    {
        Manifest = manifest;
        FilesByTable = filesByTable;
    }

    public LakeManifest Manifest { get; }
    public long Version => Manifest.Version;

    /// <summary>Local paths per table name (lower case); a table the manifest does not list has none.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FilesByTable { get; }

    public IEnumerable<string> AllFiles => FilesByTable.Values.SelectMany(f => f);

    public IReadOnlyList<string> FilesOf(string table) => FilesByTable.TryGetValue(table, out var files) ? files : [];

    internal int Leases;
    internal bool Retired;

    /// <summary>The SELECT behind a table's view, worked out once per version (it reads the files' schemas).</summary>
    internal string ViewSql(string table, Func<string> build) => viewSql.GetOrAdd(table, _ => build());

    internal bool TryRent(out DuckDBConnection connection) => idle.TryTake(out connection!);

    internal void Return(DuckDBConnection connection, int poolSize)
    {
        if (!Volatile.Read(ref Retired) && idle.Count < poolSize) idle.Add(connection);
        else connection.Dispose();
    }

    internal void CloseIdle()
    {
        while (idle.TryTake(out var connection)) connection.Dispose();
    }
}

/// <summary>A query's hold on a snapshot; dispose it when the query is done.</summary>
public sealed class LakeLease(LakeSnapshot snapshot, Action<LakeSnapshot> release) : IDisposable
{
    private int disposed;
    public LakeSnapshot Snapshot { get; } = snapshot;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 0) release(Snapshot);
    }
}
