namespace Portal.Engine.Analytics.Lake.Export;

/// <summary>
/// The column buffers of the last closed writer, for the next writer of the same table in the run: a table written
/// month by month would otherwise allocate two row groups of large arrays per month (~27 MB each for <c>sales</c>),
/// which only a full collection frees. One pair is kept, for one table: tables are exported one after another, so a
/// finished table's buffers are dropped as soon as the next table's writer closes.
/// </summary>
internal sealed class ColumnBufferPool
{
    private readonly Lock _gate = new();
    private (string Table, int RowGroupSize, ColumnBuffer[] Filling, ColumnBuffer[]? Spare)? _idle;

    /// <summary>An idle pair of buffer sets for the table, or null.</summary>
    public (ColumnBuffer[] Filling, ColumnBuffer[]? Spare)? TryRent(LakeTable table, int rowGroupSize)
    {
        lock (_gate)
        {
            if (_idle is not { } idle || idle.Table != table.Name || idle.RowGroupSize != rowGroupSize) return null;
            _idle = null;
            return (idle.Filling, idle.Spare);
        }
    }

    /// <summary>Keeps a closed writer's buffers (no write may still be using them), in place of any others.</summary>
    public void Return(LakeTable table, int rowGroupSize, ColumnBuffer[] filling, ColumnBuffer[]? spare)
    {
        foreach (var column in filling) column.Release();
        if (spare is not null) foreach (var column in spare) column.Release();
        lock (_gate) _idle = (table.Name, rowGroupSize, filling, spare);
    }
}
