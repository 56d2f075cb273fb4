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
/// Decoding runs on its own task, ahead of the caller by at most <see cref="BatchesAhead"/> batches of
/// <see cref="BatchRows"/> rows (the memory it may hold), so reading the socket and decoding overlap with what the
/// caller does with the rows (pseudonyms, Parquet encoding) on another core. Values are read with the synchronous
/// typed reads: an await per value cost about twice the CPU of the decoding itself, and a read only blocks when
/// Npgsql's buffer needs refilling from the socket, which is what this task is for.
/// </para>
/// </summary>
public sealed class PostgresLakeSource(NpgsqlConnection connection) : ILakeSource
{
    private const int BatchRows = 1024;
    private const int BatchesAhead = 4;

    /// <summary>
    /// Run once per connection before the export's queries. JIT off: each month's query is costed above
    /// <c>jit_above_cost</c>, and compiling it (about 3 s on the benchmark's 2 cores for the sales query) took longer
    /// than running it (under 2 s); the export runs 25+ such queries, each compiled afresh.
    /// </summary>
    public const string SessionSettings = "SET jit = off";

    public async IAsyncEnumerable<object?[]> ReadAsync(LakeQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(cancellationToken);
            await using var settings = new NpgsqlCommand(SessionSettings, connection);
            await settings.ExecuteNonQueryAsync(cancellationToken);
        }
        var kinds = query.Kinds.ToArray();
        var filled = Channel.CreateBounded<Batch>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        var free = Channel.CreateUnbounded<Batch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        for (var i = 0; i <= BatchesAhead + 1; i++) free.Writer.TryWrite(new Batch(kinds.Length));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var decoder = Task.Run(() => DecodeAsync(query.Sql, kinds, filled.Writer, free.Reader, stop.Token), CancellationToken.None);
        try
        {
            await foreach (var batch in filled.Reader.ReadAllAsync(cancellationToken))
            {
                for (var i = 0; i < batch.Count; i++) yield return batch.Rows[i];
                free.Writer.TryWrite(batch); // the caller has moved past every row of it
            }
        }
        finally
        {
            // Also when the caller stops early: the decoder ends the COPY (Npgsql cancels it) before the connection is reused.
            await stop.CancelAsync();
            try { await decoder; } catch (OperationCanceledException) { }
        }
    }

    private async Task DecodeAsync(string sql, LakeValueKind[] kinds, ChannelWriter<Batch> filled, ChannelReader<Batch> free, CancellationToken cancellationToken)
    {
        try
        {
            await using (var reader = await connection.BeginBinaryExportAsync($"COPY ({sql}) TO STDOUT (FORMAT BINARY)", cancellationToken))
            {
                var batch = await free.ReadAsync(cancellationToken);
                batch.Count = 0;
                while (reader.StartRow() != -1)
                {
                    ReadRow(reader, kinds, batch.Rows[batch.Count]);
                    if (++batch.Count < BatchRows) continue;
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

    private static void ReadRow(NpgsqlBinaryExporter reader, LakeValueKind[] kinds, object?[] row)
    {
        for (var i = 0; i < kinds.Length; i++)
        {
            if (reader.IsNull) { reader.Skip(); row[i] = null; continue; }
            row[i] = kinds[i] switch
            {
                LakeValueKind.Int32 => reader.Read<int>(NpgsqlDbType.Integer),
                LakeValueKind.Int64 => reader.Read<long>(NpgsqlDbType.Bigint),
                LakeValueKind.Text => reader.Read<string>(NpgsqlDbType.Text),
                LakeValueKind.Timestamp => reader.Read<DateTime>(NpgsqlDbType.TimestampTz),
                LakeValueKind.Decimal => reader.Read<decimal>(NpgsqlDbType.Numeric),
                LakeValueKind.Boolean => reader.Read<bool>(NpgsqlDbType.Boolean),
                LakeValueKind.Guid => reader.Read<Guid>(NpgsqlDbType.Uuid).ToString("D"),
                LakeValueKind.Bytes => reader.Read<byte[]>(NpgsqlDbType.Bytea),
                _ => throw new ArgumentOutOfRangeException(nameof(kinds)),
            };
        }
    }

    public string Timestamp(DateTime utc) =>
        $"TIMESTAMPTZ '{utc.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture)}+00'";

    public string Month(string column) => $"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')";

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    /// <summary>Rows decoded together, handed over at once (a channel write per row would cost more than the row).</summary>
    private sealed class Batch(int columns)
    {
        public readonly object?[][] Rows = Enumerable.Range(0, BatchRows).Select(_ => new object?[columns]).ToArray();
        public int Count;
    }
}
