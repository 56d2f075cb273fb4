namespace Portal.Engine.Analytics.Lake.Sources;

/// <summary>The type a source column is read as.</summary>
public enum LakeValueKind { Int32, Int64, Text, Timestamp, Decimal, Boolean, Guid, Bytes }

/// <summary>A query the export streams: SQL both providers understand (literals from <see cref="ILakeSource"/>) and its columns' kinds.</summary>
public sealed record LakeQuery(string Sql, IReadOnlyList<LakeValueKind> Kinds);

/// <summary>
/// Streams rows out of the shop database for the export, one row at a time, never the whole result in memory.
/// Literals are written by the source (the two providers store and compare time stamps differently); the export never
/// puts anything a user typed into SQL.
/// </summary>
public interface ILakeSource : IAsyncDisposable
{
    /// <summary>Each row's values in <paramref name="query"/>'s order. The array is reused for the next row: copy what you keep.</summary>
    IAsyncEnumerable<object?[]> ReadAsync(LakeQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The same rows as <see cref="ReadAsync"/>, several at a time in typed columns (for the big tables). A batch is reused
    /// once the caller asks for the next one: copy what you keep. This default batches <see cref="ReadAsync"/>'s rows.
    /// </summary>
    async IAsyncEnumerable<LakeBatch> ReadBatchesAsync(LakeQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = new LakeBatch(query.Kinds, LakeBatch.DefaultRows);
        await foreach (var row in ReadAsync(query, cancellationToken))
        {
            batch.Add(row);
            if (batch.Count < batch.Capacity) continue;
            yield return batch;
            batch.Count = 0;
        }
        if (batch.Count > 0) yield return batch;
    }

    /// <summary>A time stamp literal comparable with the provider's time stamp columns.</summary>
    string Timestamp(DateTime utc);

    /// <summary>SQL for the UTC month (<c>yyyy-MM</c> text) of a time stamp column, the month <c>LakeKeys.MonthOf</c> gives.</summary>
    string Month(string column);
}
