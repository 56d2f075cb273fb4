using Portal.Engine.Analytics.Lake.Sources;
using Portal.Engine.Storage;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// What one export run shares between its tables: the source, the previous manifest, the watermarks it moves, and the
/// counts the progress bar shows. New files are uploaded under keys named by the run, so nothing a reader of the
/// previous manifest follows is ever overwritten.
/// </summary>
public sealed class LakeExportContext(
    long runId, DateTime now, ILakeSource source, LakeManifest? previous, LakePseudonyms pseudonyms,
    IObjectStore store, LakeOptions options, Action<LakeExportContext> progressed)
{
    private readonly Dictionary<string, string> _watermarks = CurrentSchema(previous)
        ? new Dictionary<string, string>(previous!.Watermarks) : new Dictionary<string, string>();
    private int _files;
    private long _reportedRows;

    public long RunId => runId;
    public DateTime Now => now;
    public ILakeSource Source => source;
    public LakePseudonyms Pseudonyms => pseudonyms;
    public LakeOptions Options => options;
    public IReadOnlyDictionary<string, string> Watermarks => _watermarks;
    public string? CurrentTable { get; set; }
    public int TablesDone { get; set; }
    public long Rows { get; private set; }
    public int PartitionsWritten { get; private set; }
    public int PartitionsKept { get; private set; }

    /// <summary>The previous run's table, unless there was none or it was written under another schema version.</summary>
    public LakeManifestTable? PreviousTable(LakeTable table) => CurrentSchema(previous) ? previous!.Table(table.Name) : null;

    public string? Watermark(string name) => _watermarks.GetValueOrDefault(name);

    public void SetWatermark(string name, string value) => _watermarks[name] = value;

    /// <summary>
    /// The most Parquet writers this run had open at once. Each holds up to two row groups in memory, so the export
    /// keeps this at one whatever the number of months it writes.
    /// </summary>
    public int MostWritersOpen { get; private set; }

    private int _writersOpen;
    private readonly ColumnBufferPool _buffers = new();

    public ParquetPartitionWriter NewWriter(LakeTable table)
    {
        MostWritersOpen = Math.Max(MostWritersOpen, ++_writersOpen);
        return new(table, options.RowGroupSize, () => _writersOpen--, _buffers);
    }

    public void CountRow() => CountRows(1);

    public void CountRows(int rows)
    {
        Rows += rows;
        if (Rows - _reportedRows >= 10_000) Report();
    }

    public void Kept(int partitions)
    {
        PartitionsKept += partitions;
        Report();
    }

    /// <summary>
    /// Finishes a regenerated partition: when its content is byte for byte the previous run's single file, that file
    /// stays (so re-running with no changes leaves the dataset as it was); otherwise the new file is uploaded.
    /// </summary>
    public async Task<LakePartition> ReplacePartitionAsync(LakeTable table, string? partition, ParquetPartitionWriter writer,
        LakePartition? previousPartition, CancellationToken cancellationToken)
    {
        var file = await writer.CompleteAsync(cancellationToken);
        if (previousPartition is { Files: [var only] } && only.Sha256 == file.Sha256 && only.Rows == file.Rows)
        {
            PartitionsKept++;
            Report();
            return previousPartition;
        }
        return new LakePartition(partition, [await UploadAsync(table, partition, file, cancellationToken)]);
    }

    /// <summary>Uploads a new file of a partition (or of the unpartitioned table) under a key of this run.</summary>
    public async Task<LakeFile> UploadAsync(LakeTable table, string? partition, WrittenFile file, CancellationToken cancellationToken)
    {
        var key = partition is null ? LakeKeys.TableFile(table.Name, runId) : LakeKeys.PartitionFile(table.Name, partition, runId, ++_files);
        await store.PutAsync(options.Bucket, key, file.Content, "application/vnd.apache.parquet", cancellationToken: cancellationToken);
        PartitionsWritten++;
        Report();
        return new LakeFile(key, file.Rows, file.Bytes, file.Sha256);
    }

    public void Report()
    {
        _reportedRows = Rows;
        progressed(this);
    }

    private static bool CurrentSchema(LakeManifest? manifest) => manifest is not null && manifest.SchemaVersion == LakeTables.SchemaVersion;
}
