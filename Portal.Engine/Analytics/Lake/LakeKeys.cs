namespace Portal.Engine.Analytics.Lake;

/// <summary>Where things are in the lake bucket (all under <c>lake/</c>, Hive layout).</summary>
public static class LakeKeys
{
    public const string Root = "lake/";
    public const string Manifest = "lake/_manifest.json";
    /// <summary>Every published manifest, by version, so pruning knows what readers of a recent manifest may still read.</summary>
    public const string ManifestHistory = "lake/_manifests/";
    public const string AthenaDdl = "lake/_athena/ddl.sql";

    /// <summary>Where Athena's tables read from: one symlink manifest per partition (see <c>AthenaSymlinks</c>).</summary>
    public static string AthenaSymlinkPrefix(string table) => $"lake/_athena/symlinks/{table}/";

    public static string AthenaSymlink(string table, string? partition) =>
        AthenaSymlinkPrefix(table) + (partition is null ? "" : partition + "/") + "symlink.txt";

    public static string ManifestVersion(long version) => $"{ManifestHistory}{version:D10}.json";

    public static string TablePrefix(string table) => $"{Root}{table}/";

    /// <summary><c>month=2026-11</c>.</summary>
    public static string Partition(DateOnly month) => $"{LakeTables.PartitionColumn}={month:yyyy-MM}";

    public static DateOnly MonthOf(DateTime at) => new(at.Year, at.Month, 1);

    /// <summary>A new file of a partitioned table: immutable and named by the run that wrote it.</summary>
    public static string PartitionFile(string table, string partition, long run, int n) => $"{Root}{table}/{partition}/part-{run:D10}-{n:D4}.parquet";

    /// <summary>A new file of an unpartitioned table (the catalog).</summary>
    public static string TableFile(string table, long run) => $"{Root}{table}/part-{run:D10}.parquet";

    public static bool IsDataFile(string key) => key.StartsWith(Root, StringComparison.Ordinal) && key.EndsWith(".parquet", StringComparison.Ordinal);
}
