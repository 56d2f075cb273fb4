using Portal.Engine.Analytics.Lake;
using Portal.Engine.Analytics.Lake.Export;

namespace Portal.Tests.Engine.Analytics.Lake;

/// <summary><c>ObjectStore:Lifecycle:KeepExportMonths</c>: the manifest lists the current month and that many before it.</summary>
public sealed class LakeRetentionTests
{
    private static readonly IReadOnlyList<LakeManifestTable> Tables =
    [
        new("sales", [Partition("month=2025-10"), Partition("month=2025-11"), Partition("month=2026-10"), Partition("month=2026-12")]),
        new("catalog", [Partition(null)]),
    ];

    [Fact]
    public void Months_older_than_the_kept_ones_leave_the_manifest()
    {
        var kept = LakeRetention.Keep(Tables, new DateTime(2026, 12, 6, 4, 0, 0, DateTimeKind.Utc), 13);

        Assert.Equal(["month=2025-11", "month=2026-10", "month=2026-12"], kept[0].Partitions.Select(p => p.Value));
        Assert.Equal([null], kept[1].Partitions.Select(p => p.Value));
    }

    [Fact]
    public void Without_the_setting_every_month_is_kept()
    {
        Assert.Same(Tables, LakeRetention.Keep(Tables, DateTime.UtcNow, null));
    }

    private static LakePartition Partition(string? value) => new(value, [new LakeFile($"lake/x/{value}/part.parquet", 1, 1, "00")]);
}
