using System.Security.Cryptography;
using Parquet;
using Parquet.Schema;
using Portal.Engine.Analytics.Lake.Sources;

namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// Writes one Parquet file of a lake table to a temporary file: rows are buffered as typed column arrays and written as
/// a row group every <c>rowGroupSize</c> rows. A full row group is encoded on another task while the next one fills
/// (encoding is most of the export's CPU, so it gets the second core), which bounds memory by two row groups whatever
/// the table's size. Row groups are written one at a time and in order, so the file is the same as written inline.
/// Snappy, dictionary encoding for strings, timestamps as INT64 milliseconds holding UTC (not flagged as adjusted, so
/// DuckDB reads them as TIMESTAMP, not TIMESTAMPTZ), money as INT64 decimal(12,2).
/// </summary>
public sealed class ParquetPartitionWriter : IAsyncDisposable
{
    private readonly LakeTable _table;
    private readonly int _rowGroupSize;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"portal-lake-{Guid.NewGuid():N}.parquet");
    private readonly FileStream _file;
    private readonly ParquetSchema _schema;
    private Action? _closed;
    private readonly ColumnBufferPool? _pool;
    private ColumnBuffer[] _columns;
    private ColumnBuffer[]? _spare;
    private Task _writing = Task.CompletedTask;
    private ParquetWriter? _writer;
    private int _buffered;

    /// <param name="closed">Called once when the writer is disposed.</param>
    public ParquetPartitionWriter(LakeTable table, int rowGroupSize, Action? closed = null) : this(table, rowGroupSize, closed, null) { }

    /// <param name="pool">Where the buffers come from and go back to when the writer is disposed (the run's).</param>
    internal ParquetPartitionWriter(LakeTable table, int rowGroupSize, Action? closed, ColumnBufferPool? pool)
    {
        _closed = closed;
        _table = table;
        _rowGroupSize = rowGroupSize;
        _pool = pool;
        if (pool?.TryRent(table, rowGroupSize) is { } rented) (_columns, _spare) = rented;
        else _columns = table.Columns.Select(c => ColumnBuffer.For(c, rowGroupSize)).ToArray();
        _schema = new ParquetSchema(_columns.Select(c => c.SchemaField).ToArray());
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    public long Rows { get; private set; }

    /// <summary>Adds a row: one value per column of the table, in the table's order (null for SQL NULL).</summary>
    public async ValueTask AddAsync(object?[] row, CancellationToken cancellationToken)
    {
        for (var i = 0; i < _columns.Length; i++) _columns[i].Set(_buffered, row[i]);
        _buffered++;
        Rows++;
        if (_buffered == _rowGroupSize) await StartWritingAsync(cancellationToken);
    }

    /// <summary>
    /// Adds <paramref name="count"/> rows held in batch columns, one per column of the table in its order (a source's
    /// batch, with mapped columns swapped in): typed copies, no value boxed.
    /// </summary>
    public async ValueTask AddAsync(IReadOnlyList<LakeBatchColumn> columns, int count, CancellationToken cancellationToken)
    {
        for (var from = 0; from < count;)
        {
            var take = Math.Min(count - from, _rowGroupSize - _buffered);
            for (var i = 0; i < _columns.Length; i++) _columns[i].Copy(columns[i], from, take, _buffered);
            _buffered += take;
            Rows += take;
            from += take;
            if (_buffered == _rowGroupSize) await StartWritingAsync(cancellationToken);
        }
    }

    /// <summary>Hands the full buffers to a background write (after the previous one finished) and fills the other set.</summary>
    private async Task StartWritingAsync(CancellationToken cancellationToken)
    {
        await _writing;
        var full = _columns;
        var count = _buffered;
        _columns = _spare ?? full.Select(c => c.Twin()).ToArray();
        _spare = full;
        _buffered = 0;
        _writing = Task.Run(() => WriteGroupAsync(full, count, cancellationToken), cancellationToken);
    }

    /// <summary>Finishes the file; the stream is positioned at its start and lives until this writer is disposed.</summary>
    public async Task<WrittenFile> CompleteAsync(CancellationToken cancellationToken)
    {
        await _writing;
        if (_buffered > 0 || _writer is null) await WriteGroupAsync(_columns, _buffered, cancellationToken);
        _buffered = 0;
        await _writer!.DisposeAsync();
        _writer = null;
        await _file.FlushAsync(cancellationToken);
        _file.Position = 0;
        var sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(_file, cancellationToken));
        _file.Position = 0;
        return new WrittenFile(_file, Rows, _file.Length, sha);
    }

    private async Task WriteGroupAsync(ColumnBuffer[] columns, int count, CancellationToken cancellationToken)
    {
        _writer ??= await ParquetWriter.CreateAsync(_schema, _file, Options(), cancellationToken: cancellationToken);
        using var group = _writer.CreateRowGroup();
        foreach (var column in columns) await column.WriteAsync(group, count, cancellationToken);
        group.CompleteValidate();
    }

    private ParquetOptions Options()
    {
        var options = new ParquetOptions { CompressionMethod = CompressionMethod.Snappy };
        foreach (var column in _columns.Where(c => c.IsString)) options.ColumnEncodingHints[column.Field.Name] = EncodingHint.Dictionary;
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        var written = true;
        try { await _writing; }
        catch (Exception) { written = false; } // a failed write already failed the run through AddAsync or CompleteAsync
        if (_writer is not null) await _writer.DisposeAsync();
        await _file.DisposeAsync();
        // Only once no write uses them; buffers of a failed write are left to the collector.
        if (written && _pool is not null && _columns.Length > 0)
        {
            _pool.Return(_table, _rowGroupSize, _columns, _spare);
            _columns = [];
            _spare = null;
        }
        Interlocked.Exchange(ref _closed, null)?.Invoke();
    }

    public override string ToString() => $"{_table.Name} ({Rows} rows)";
}

/// <summary>A finished Parquet file: its content (positioned at the start), rows, size and SHA-256 (hex).</summary>
public sealed record WrittenFile(Stream Content, long Rows, long Bytes, string Sha256);
