namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// <c>ObjectStore:Lifecycle:KeepExportMonths</c>: a published manifest lists only the current month and that many before
/// it; the pruner then deletes the dropped partitions' files once no recent manifest lists them. Done here, not by an S3
/// rule or a file sweep: a partition file's age is not its month's age (an unchanged month keeps its old file), and
/// deleting a file the manifest still lists would break every reader.
/// </summary>
public static class LakeRetention
{
    public static IReadOnlyList<LakeManifestTable> Keep(IReadOnlyList<LakeManifestTable> tables, DateTime now, int? months)
    {
        if (months is not { } keep) return tables;
        var oldest = LakeKeys.Partition(LakeKeys.MonthOf(now).AddMonths(-keep));
        return tables.Select(t => t with
        {
            Partitions = t.Partitions.Where(p => p.Value is null || !IsMonth(p.Value) || string.CompareOrdinal(p.Value, oldest) >= 0).ToList(),
        }).ToList();
    }

    private static bool IsMonth(string partition) => partition.StartsWith(LakeTables.PartitionColumn + "=", StringComparison.Ordinal);
}
