namespace Portal.Engine.Analytics.Lake;

/// <summary>
/// One export run, kept as its record. At most one row per dataset is <see cref="LakeExportOutcome.Running"/> (a unique
/// filtered index): inserting it is how a run takes the dataset, across instances. <see cref="HeartbeatAt"/> lets a
/// later run tell a run whose instance died from one still going.
/// </summary>
public class LakeExportRun
{
    public long Id { get; set; }
    public required string Dataset { get; set; }
    public LakeExportTrigger Trigger { get; set; }
    public LakeExportOutcome Outcome { get; set; }
    public required string Owner { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    public string? CurrentTable { get; set; }
    public int TablesDone { get; set; }
    public long Rows { get; set; }
    public int PartitionsWritten { get; set; }
    public int PartitionsKept { get; set; }
    public string? Error { get; set; }

    public LakeExportRunSummary Summary() =>
        new(Id, Trigger, Outcome, StartedAt, FinishedAt, Rows, PartitionsWritten, PartitionsKept, Error);
}
