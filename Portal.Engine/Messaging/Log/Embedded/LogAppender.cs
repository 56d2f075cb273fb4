using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>
/// One append in SQL, in the caller's transaction: one upsert raises the end of every partition appended to and returns the
/// new ends (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, both providers), then multi-row INSERTs write the records.
/// The upsert takes the partitions' row locks (PostgreSQL) in one sorted order, so two appends never deadlock; SQLite's
/// write lock serializes appends anyway.
/// </summary>
internal static class LogAppender
{
    /// <summary>Rows per INSERT: 4 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535.</summary>
    private const int RowsPerInsert = 500;

    public sealed record Batch(TopicPartition Partition, IReadOnlyList<LogMessage> Messages);

    /// <summary>Raises each partition's end by its message count (creating it at 0 first); the first offset reserved per batch.</summary>
    public static async Task<long[]> ReserveAsync(PortalDbContext db, IReadOnlyList<Batch> batches, CancellationToken cancellationToken)
    {
        await using var command = Command(db);
        var sql = new StringBuilder("INSERT INTO event_log_partitions (\"Topic\", \"Partition\", \"NextOffset\") VALUES ");
        for (var i = 0; i < batches.Count; i++)
        {
            if (i > 0) sql.Append(", ");
            sql.Append(CultureInfo.InvariantCulture, $"(@t{i}, {batches[i].Partition.Partition}, {batches[i].Messages.Count})");
            Add(command, $"@t{i}", batches[i].Partition.Topic);
        }
        sql.Append(" ON CONFLICT (\"Topic\", \"Partition\") DO UPDATE SET \"NextOffset\" = event_log_partitions.\"NextOffset\" + excluded.\"NextOffset\"");
        sql.Append(" RETURNING \"Topic\", \"Partition\", \"NextOffset\"");
        command.CommandText = sql.ToString();
        var ends = new Dictionary<TopicPartition, long>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            while (await reader.ReadAsync(cancellationToken))
                ends[new TopicPartition(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        return batches.Select(b => ends.TryGetValue(b.Partition, out var end)
            ? end - b.Messages.Count
            : throw new InvalidOperationException($"The database returned no end for {b.Partition}.")).ToArray();
    }

    /// <summary>Writes the records at their reserved offsets, all with the same timestamp.</summary>
    public static async Task InsertAsync(PortalDbContext db, IReadOnlyList<Batch> batches, long[] firstOffsets, DateTime timestamp,
        CancellationToken cancellationToken)
    {
        var rows = batches.SelectMany((b, i) => b.Messages.Select((m, j) => (Batch: i, Offset: firstOffsets[i] + j, Message: m))).ToList();
        var timestampMapping = db.Model.FindEntityType(typeof(EventLogRecord))!.FindProperty(nameof(EventLogRecord.Timestamp))!
            .GetRelationalTypeMapping();
        foreach (var chunk in rows.Chunk(RowsPerInsert))
        {
            await using var command = Command(db);
            var sql = new StringBuilder(
                "INSERT INTO event_log_records (\"Topic\", \"Partition\", \"Offset\", \"Key\", \"Value\", \"Headers\", \"Timestamp\") VALUES ");
            command.Parameters.Add(timestampMapping.CreateParameter(command, "@ts", timestamp));
            foreach (var batch in chunk.Select(r => r.Batch).Distinct()) Add(command, $"@t{batch}", batches[batch].Partition.Topic);
            for (var r = 0; r < chunk.Length; r++)
            {
                var (batch, offset, message) = chunk[r];
                if (r > 0) sql.Append(", ");
                sql.Append(CultureInfo.InvariantCulture,
                    $"(@t{batch}, {batches[batch].Partition.Partition}, {offset}, @k{r}, @v{r}, @h{r}, @ts)");
                Add(command, $"@k{r}", message.Key);
                Add(command, $"@v{r}", message.Value.ToArray());
                Add(command, $"@h{r}", JsonSerializer.Serialize(message.Headers));
            }
            command.CommandText = sql.ToString();
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbCommand Command(PortalDbContext db)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
