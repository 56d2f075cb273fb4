namespace Portal.Engine.Analytics.Lake;

/// <summary>
/// What the current dataset is: written last by an export run (the swap that publishes it), read first by every
/// reader. Data files are immutable and named per run, so a reader that follows one manifest never sees a file change
/// under it, and a run that stops half-way leaves the previous manifest, and so the previous dataset, in force.
/// </summary>
public sealed record LakeManifest
{
    public int SchemaVersion { get; init; } = LakeTables.SchemaVersion;
    /// <summary>The export run that published it (increasing).</summary>
    public long Version { get; init; }
    public DateTime CreatedAt { get; init; }
    /// <summary>Where the next run continues from, per source (e.g. <c>orders.updated_at</c>, <c>outbox.sequence</c>).</summary>
    public IReadOnlyDictionary<string, string> Watermarks { get; init; } = new Dictionary<string, string>();
    public IReadOnlyList<LakeManifestTable> Tables { get; init; } = [];

    public LakeManifestTable? Table(string name) => Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A table's files, by partition (the partition value is null for an unpartitioned table).</summary>
public sealed record LakeManifestTable(string Name, IReadOnlyList<LakePartition> Partitions)
{
    public long Rows => Partitions.Sum(p => p.Rows);
}

/// <summary>One partition (<c>month=2026-11</c>) and the files that make it up now.</summary>
public sealed record LakePartition(string? Value, IReadOnlyList<LakeFile> Files)
{
    public long Rows => Files.Sum(f => f.Rows);
}

/// <summary>A Parquet file: its object key in the lake bucket (Hive layout, e.g. <c>lake/sales/month=2026-11/part-00042.parquet</c>).</summary>
public sealed record LakeFile(string Key, long Rows, long Bytes, string Sha256);
