using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Portal.Engine.Analytics.Lake.Sources;

/// <summary>
/// Reads PostgreSQL with binary COPY (<c>COPY (query) TO STDOUT (FORMAT BINARY)</c>): the server streams rows in its
/// binary wire format and Npgsql decodes them column by column without building a result set. COPY takes no bind
/// parameters, so the export's only literals (time stamps and numbers it made itself) are written inline.
/// <para>
/// Decoding runs on its own task, straight into the typed columns of a <see cref="LakeBatch"/> (no value is boxed unless
/// the caller asks for rows), ahead of the caller by at most <see cref="BatchesAhead"/> batches of
/// <see cref="LakeBatch.DefaultRows"/> rows (the memory it may hold), so reading the socket and decoding overlap with what
/// the caller does with the rows (pseudonyms, Parquet encoding) on another core. Values are read with the synchronous
/// typed reads: an await per value cost about twice the CPU of the decoding itself, and a read only blocks when
/// Npgsql's buffer needs refilling from the socket, which is what this task is for.
/// </para>
/// </summary>
public sealed class PostgresLakeSource(NpgsqlConnection connection) : ILakeSource
{
    private const int BatchesAhead = 2;

    /// <summary>The read buffer the export's connection asks for at least (bytes).</summary>
    public const int ReadBufferSize = 256 * 1024;

    /// <summary>
    /// Run once per connection before the export's queries. JIT off: each month's query is costed above
    /// <c>jit_above_cost</c>, and compiling it (about 3 s on the benchmark's 2 cores for the sales query) took longer
    /// than running it (under 2 s); the export runs 25+ such queries, each compiled afresh.
    /// </summary>
    public const string SessionSettings = "SET jit = off";

    public async IAsyncEnumerable<object?[]> ReadAsync(LakeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var row = new object?[query.Kinds.Count];
        await foreach (var batch in ReadBatchesAsync(query, cancellationToken))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                batch.CopyRow(i, row);
                yield return row;
            }
        }
    }

    public async IAsyncEnumerable<LakeBatch> ReadBatchesAsync(LakeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
            await using var settings = new NpgsqlCommand(SessionSettings, connection);
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }
        var kinds = query.Kinds.ToArray();
        var filled = Channel.CreateBounded<LakeBatch>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateUnbounded<LakeBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        for (var i = 0; i <= BatchesAhead + 1; i++) free.Writer.TryWrite(new LakeBatch(kinds, LakeBatch.DefaultRows));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoder = Task.Run(() => DecodeAsync(query.Sql, kinds, filled.Writer, free.Reader, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in filled.Reader.ReadAllAsync(cancellationToken))
            {
                yield return batch;
                free.Writer.TryWrite(batch); // the caller has moved past it
            }
        }
        finally
        {
            // Also when the caller stops early: the decoder ends the COPY (Npgsql cancels it) before the connection is reused.
            await stop.CancelAsync();
            try { await decoder; } catch (OperationCanceledException) { }
        }
    }

    private async Task DecodeAsync(string sql, LakeValueKind[] kinds, ChannelWriter<LakeBatch> filled, ChannelReader<LakeBatch> free, CancellationToken cancellationToken)
    {
        try
        {
            var texts = kinds.Select(k => k == LakeValueKind.Text ? new TextPool() : null).ToArray();
            await using (var reader = await connection.BeginBinaryExportAsync($"COPY ({sql}) TO STDOUT (FORMAT BINARY)", cancellationToken))
            {
                var batch = await free.ReadAsync(cancellationToken);
                batch.Count = 0;
                while (reader.StartRow() != -1)
                {
                    ReadRow(reader, kinds, texts, batch.Columns, batch.Count);
                    if (++batch.Count < batch.Capacity) continue;
                    await filled.WriteAsync(batch, cancellationToken);
                    batch = await free.ReadAsync(cancellationToken);
                    batch.Count = 0;
                }
                if (batch.Count > 0) await filled.WriteAsync(batch, cancellationToken);
            }
            filled.TryComplete();
        }
        catch (Exception e)
        {
            filled.TryComplete(e);
        }
    }

    private static void ReadRow(NpgsqlBinaryExporter reader, LakeValueKind[] kinds, TextPool?[] texts, LakeBatchColumn[] columns, int row)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            var column = columns[i];
            if (reader.IsNull) { reader.Skip(); column.Nulls[row] = true; continue; }
            column.Nulls[row] = false;
            switch (kinds[i])
            {
                case LakeValueKind.Int32: ((LakeBatchColumn.Int32s)column).Values[row] = reader.Read<int>(NpgsqlDbType.Integer); break;
                case LakeValueKind.Int64: ((LakeBatchColumn.Int64s)column).Values[row] = reader.Read<long>(NpgsqlDbType.Bigint); break;
                case LakeValueKind.Text: ((LakeBatchColumn.Texts)column).Values[row] = texts[i]!.Intern(reader.Read<string>(NpgsqlDbType.Text)); break;
                case LakeValueKind.Timestamp: ((LakeBatchColumn.Timestamps)column).Values[row] = reader.Read<DateTime>(NpgsqlDbType.TimestampTz); break;
                case LakeValueKind.Decimal: ((LakeBatchColumn.Decimals)column).Values[row] = reader.Read<decimal>(NpgsqlDbType.Numeric); break;
                case LakeValueKind.Boolean: ((LakeBatchColumn.Booleans)column).Values[row] = reader.Read<bool>(NpgsqlDbType.Boolean); break;
                case LakeValueKind.Guid: ((LakeBatchColumn.Texts)column).Values[row] = reader.Read<Guid>(NpgsqlDbType.Uuid).ToString("D"); break;
                case LakeValueKind.Bytes: ((LakeBatchColumn.Objects)column).Values[row] = reader.Read<byte[]>(NpgsqlDbType.Bytea); break;
                default: throw new ArgumentOutOfRangeException(nameof(kinds));
            }
        }
    }

    public string Timestamp(DateTime utc) =>
        $"TIMESTAMPTZ '{utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture)}+00'";

    public string Month(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')";

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>
    /// One text column's values seen so far in a query, so that repeated values (a status, a country, an item's name)
    /// share one string instead of each row keeping its own until its row group is written. At most
    /// <see cref="MostValues"/> are kept; past that, values are used as decoded.
    /// </summary>
    private sealed class TextPool
    {
        private const int MostValues = 4096;
        private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

        public string Intern(string value)
        {
            if (_values.TryGetValue(value, out var known)) return known;
            if (_values.Count < MostValues) _values.Add(value, value);
            return value;
        }
    }
}
