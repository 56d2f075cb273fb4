using Quartz;

namespace Portal.Engine.Storage;

/// <summary>
/// Settings under <c>ObjectStore:Lifecycle</c>: how long customers' originals stay in the standard tier, how long cached
/// renditions are kept, and how many months of exported analytics data are kept. Each rule is off while its setting is
/// empty. On S3 the rules become the bucket's lifecycle configuration; on the folder store a daily job carries them out.
/// </summary>
public sealed class ObjectLifecycleSettings
{
    public const string Section = ObjectStoreOptions.Section + ":Lifecycle";
    public static readonly IReadOnlyList<string> ArchiveClasses = ["GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"];
    public static readonly IReadOnlyList<string> RestoreTiers = ["Standard", "Bulk", "Expedited"];

    /// <summary>Originals (<c>originals/</c> in a customer's space) move to <see cref="ArchiveStorageClass"/> this many days after they were written.</summary>
    public int? ArchiveOriginalsAfterDays { get; set; }

    /// <summary>Cached renditions (<c>cache/</c> in a customer's space) are deleted this many days after they were made (made again on demand).</summary>
    public int? ExpireRenditionsAfterDays { get; set; }

    /// <summary>Months of exported analytics data kept: the current month and this many before it.</summary>
    public int? KeepExportMonths { get; set; }

    /// <summary>S3 storage class of archived originals: <c>GLACIER_IR</c> (read at once), <c>GLACIER</c> or <c>DEEP_ARCHIVE</c> (restored on demand).</summary>
    public string ArchiveStorageClass { get; set; } = "GLACIER_IR";

    /// <summary>Days a restored copy of an archived original stays readable (S3 RestoreObject's Days; on the folder store, days before it is archived again).</summary>
    public int RestoreDays { get; set; } = 7;

    /// <summary>S3 restore tier: <c>Standard</c>, <c>Bulk</c> or <c>Expedited</c> (not for DEEP_ARCHIVE).</summary>
    public string RestoreTier { get; set; } = "Standard";

    /// <summary>Folder store: when the daily job runs (Quartz cron with seconds, UTC).</summary>
    public string Schedule { get; set; } = "0 30 3 * * ?";

    /// <summary>Folder store: how long a restore takes, to behave like an archive tier (zero: an archived original is restored as it is read).</summary>
    public TimeSpan FolderRestoreDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Whether any rule is on.</summary>
    public bool Enabled => ArchiveOriginalsAfterDays is not null || ExpireRenditionsAfterDays is not null || KeepExportMonths is not null;

    /// <summary>Whether archived originals must be restored before they can be read (GLACIER_IR is read at once).</summary>
    public bool ArchiveNeedsRestore => !string.Equals(ArchiveStorageClass, "GLACIER_IR", StringComparison.OrdinalIgnoreCase);

    /// <summary>What to tell a reader of an archived original: about when the restore will be done (S3's documented typical times).</summary>
    public TimeSpan TypicalRestoreTime => (ArchiveStorageClass.ToUpperInvariant(), RestoreTier.ToLowerInvariant()) switch
    {
        ("DEEP_ARCHIVE", "bulk") => TimeSpan.FromHours(48),
        ("DEEP_ARCHIVE", _) => TimeSpan.FromHours(12),
        (_, "expedited") => TimeSpan.FromMinutes(5),
        (_, "bulk") => TimeSpan.FromHours(12),
        _ => TimeSpan.FromHours(5),
    };

    internal IEnumerable<string> Problems()
    {
        const string p = Section;
        if (ArchiveOriginalsAfterDays is < 1 or > 36500)
            yield return $"{p}:ArchiveOriginalsAfterDays must be 1 to 36500 days, or empty to keep originals in the standard tier (it is {ArchiveOriginalsAfterDays}).";
        if (ExpireRenditionsAfterDays is < 1 or > 36500)
            yield return $"{p}:ExpireRenditionsAfterDays must be 1 to 36500 days, or empty to keep cached renditions (it is {ExpireRenditionsAfterDays}).";
        if (KeepExportMonths is < 1 or > 1200)
            yield return $"{p}:KeepExportMonths must be 1 to 1200 months, or empty to keep every month (it is {KeepExportMonths}).";
        if (!ArchiveClasses.Contains(ArchiveStorageClass, StringComparer.OrdinalIgnoreCase))
            yield return $"{p}:ArchiveStorageClass must be one of {string.Join(", ", ArchiveClasses)}, not '{ArchiveStorageClass}'.";
        if (RestoreDays is < 1 or > 365)
            yield return $"{p}:RestoreDays must be 1 to 365 (it is {RestoreDays}).";
        if (!RestoreTiers.Contains(RestoreTier, StringComparer.OrdinalIgnoreCase))
            yield return $"{p}:RestoreTier must be one of {string.Join(", ", RestoreTiers)}, not '{RestoreTier}'.";
        else if (string.Equals(RestoreTier, "Expedited", StringComparison.OrdinalIgnoreCase) && string.Equals(ArchiveStorageClass, "DEEP_ARCHIVE", StringComparison.OrdinalIgnoreCase))
            yield return $"{p}:RestoreTier Expedited is not offered for DEEP_ARCHIVE; use Standard or Bulk.";
        if (!IsDailyCron(Schedule))
            yield return $"{p}:Schedule must be a Quartz cron expression with seconds, e.g. '0 30 3 * * ?' for 03:30 UTC daily; it is '{Schedule}'.";
        if (FolderRestoreDelay < TimeSpan.Zero || FolderRestoreDelay > TimeSpan.FromDays(7))
            yield return $"{p}:FolderRestoreDelay must be between 00:00:00 and 7.00:00:00 (it is {FolderRestoreDelay}).";
    }

    private static bool IsDailyCron(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule)) return false;
        try { return new CronExpression(schedule).GetNextValidTimeAfter(DateTimeOffset.UtcNow) is not null; }
        catch (FormatException) { return false; }
    }
}
