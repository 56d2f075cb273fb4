namespace Portal.Engine.Analytics.Lake;

/// <summary>Why an export ran.</summary>
public enum LakeExportTrigger { Startup, Schedule, Manual }

public enum LakeExportOutcome { Running, Succeeded, Failed }

/// <summary>How far the running export has come, for a progress bar.</summary>
public sealed record LakeExportProgress(
    long RunId, string? CurrentTable, int TablesDone, int TablesTotal, long Rows, int PartitionsWritten, DateTime StartedAt);

/// <summary>A finished (or failed) export run.</summary>
public sealed record LakeExportRunSummary(
    long RunId, LakeExportTrigger Trigger, LakeExportOutcome Outcome, DateTime StartedAt, DateTime? FinishedAt,
    long Rows, int PartitionsWritten, int PartitionsKept, string? Error);

/// <summary>How fresh the dataset is: for "exported 4 min ago", and the warning when the last run failed or is stale.</summary>
public sealed record LakeFreshness(DateTime? LastSucceededAt, LakeExportRunSummary? LastRun, bool IsStale)
{
    public bool LastRunFailed => LastRun?.Outcome == LakeExportOutcome.Failed;
}

/// <summary>
/// Runs exports (one at a time per dataset, across instances) and tells how they went. The scheduler, start-up and
/// the "Export now" button all go through it; a second request while a run is going joins that run.
/// </summary>
public interface ILakeExports
{
    /// <summary>The run in progress on any instance, or null.</summary>
    LakeExportProgress? Current { get; }

    /// <summary>Raised (on a worker thread) whenever <see cref="Current"/> changes, and with null when a run ends.</summary>
    event Action<LakeExportProgress?>? Progressed;

    /// <summary>Runs an export now (or waits for the one running) and returns how it went; failures are in the summary, not thrown.</summary>
    Task<LakeExportRunSummary> RunAsync(LakeExportTrigger trigger, CancellationToken cancellationToken = default);

    Task<LakeFreshness> FreshnessAsync(CancellationToken cancellationToken = default);

    /// <summary>The newest runs first.</summary>
    Task<IReadOnlyList<LakeExportRunSummary>> RecentRunsAsync(int count, CancellationToken cancellationToken = default);
}

/// <summary>Reads the current manifest (null before the first export).</summary>
public interface ILakeManifestReader
{
    Task<LakeManifest?> CurrentAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A tag of the current manifest object (its ETag) read without reading the manifest itself: while it stays the
    /// same, so does the manifest. Null when the reader cannot tell (then read the manifest).
    /// </summary>
    Task<string?> TagAsync(CancellationToken cancellationToken = default) => Task.FromResult<string?>(null);

    /// <summary>How many manifests this process has published so far: when it moves, read the manifest again at once.</summary>
    long Publications => 0;
}
