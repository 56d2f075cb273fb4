using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Messaging;

/// <summary>Adds an event to the outbox of the current unit of work; it commits (or not) with the change it describes.</summary>
public static class OutboxWriter
{
    /// <summary>Rows per INSERT statement of <see cref="WriteAsync"/>: 9 parameters each, under SQLite's and PostgreSQL's limits.</summary>
    private const int RowsPerStatement = 500;

    public static OutboxMessage Enqueue(PortalDbContext db, IIntegrationEvent @event, DateTime at)
    {
        var message = ToMessage(@event, at);
        db.OutboxMessages.Add(message);
        return message;
    }

    /// <summary>
    /// Writes many events to the outbox at once: a binary COPY on PostgreSQL, multi-row INSERTs elsewhere, on the context's
    /// connection, in its current transaction
    /// (begin one around the business change and this call, so both commit or neither). For bulk writers: EF's change
    /// tracking and one INSERT statement per row cost more than the row itself, which a writer of thousands of events feels.
    /// Without a current transaction the rows commit at once (each statement on its own).
    /// </summary>
    public static async Task<int> WriteAsync(PortalDbContext db, IEnumerable<IIntegrationEvent> events, DateTime at,
        CancellationToken cancellationToken = default)
    {
        var messages = events.Select(e => ToMessage(e, at)).ToList();
        if (messages.Count == 0) return 0;
        var table = OutboxTable.Of(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.GetDbConnection() is NpgsqlConnection postgres) return await table.CopyAsync(postgres, messages, cancellationToken);
            var written = 0;
            foreach (var chunk in messages.Chunk(RowsPerStatement))
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
                command.CommandText = table.Insert(chunk.Length);
                for (var i = 0; i < chunk.Length; i++) table.Bind(command, i, chunk[i]);
                written += await command.ExecuteNonQueryAsync(cancellationToken);
            }
            return written;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static OutboxMessage ToMessage(IIntegrationEvent @event, DateTime at)
    {
        var described = EventCatalog.Describe(@event);
        return new OutboxMessage
        {
            EventId = Guid.NewGuid(),
            Family = described.Family,
            Key = @event.AggregateKey,
            Type = described.Type,
            Subject = @event.Subject,
            // EventCatalog.Serialize's JSON written as text at once (the column's type), not as UTF-8 bytes decoded again.
            Payload = JsonSerializer.Serialize(@event, @event.GetType(), EventCatalog.Json),
            OccurredAt = at,
            TraceParent = EventTracing.CurrentTraceParent(),
        };
    }

    /// <summary>The envelope the relay publishes for a stored outbox row.</summary>
    public static EventEnvelope Envelope(OutboxMessage message, string source) =>
        new(message.EventId.ToString(), source, message.Type, message.Subject,
            new DateTimeOffset(DateTime.SpecifyKind(message.OccurredAt, DateTimeKind.Utc)), message.Family, message.Key,
            Encoding.UTF8.GetBytes(message.Payload));

    /// <summary>
    /// The outbox table as the model maps it (names, quoting and each column's provider type mapping, so values are bound
    /// exactly as EF binds them: a Guid as SQLite's text, a DateTime as PostgreSQL's timestamptz).
    /// </summary>
    private sealed class OutboxTable
    {
        private static readonly string[] Columns =
        [
            nameof(OutboxMessage.EventId), nameof(OutboxMessage.Family), nameof(OutboxMessage.Key), nameof(OutboxMessage.Type),
            nameof(OutboxMessage.Subject), nameof(OutboxMessage.Payload), nameof(OutboxMessage.OccurredAt), nameof(OutboxMessage.Attempts),
            nameof(OutboxMessage.TraceParent),
        ];

        private readonly string _prefix;
        private readonly string _copy;
        private readonly RelationalTypeMapping[] _mappings;

        private OutboxTable(string table, string columns, RelationalTypeMapping[] mappings) =>
            (_prefix, _copy, _mappings) = ($"INSERT INTO {table} ({columns}) VALUES ", $"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)", mappings);

        public static OutboxTable Of(PortalDbContext db)
        {
            var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
            var store = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
            var sql = db.GetService<ISqlGenerationHelper>();
            var properties = Columns.Select(c => entity.FindProperty(c)!).ToArray();
            var names = properties.Select(p => sql.DelimitIdentifier(p.GetColumnName(store)!));
            return new OutboxTable(sql.DelimitIdentifier(store.Name, store.Schema), string.Join(", ", names),
                properties.Select(p => (RelationalTypeMapping)p.GetRelationalTypeMapping()).ToArray());
        }

        public string Insert(int rows)
        {
            var text = new StringBuilder(_prefix, _prefix.Length + rows * 48);
            for (var r = 0; r < rows; r++)
            {
                text.Append(r == 0 ? "(" : ", (");
                for (var c = 0; c < Columns.Length; c++) text.Append(c == 0 ? "" : ", ").Append("@o").Append(r).Append('_').Append(c);
                text.Append(')');
            }
            return text.ToString();
        }

        /// <summary>PostgreSQL's bulk path: no statement to parse or plan, no parameters; the columns in the order of <see cref="Columns"/>.</summary>
        public async Task<int> CopyAsync(NpgsqlConnection connection, List<OutboxMessage> messages, CancellationToken cancellationToken)
        {
            await using var copy = await connection.BeginBinaryImportAsync(_copy, cancellationToken);
            foreach (var m in messages)
            {
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(m.EventId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(m.Family, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(m.Key, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(m.Type, NpgsqlDbType.Varchar, cancellationToken);
                if (m.Subject is null) await copy.WriteNullAsync(cancellationToken);
                else await copy.WriteAsync(m.Subject, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(m.Payload, NpgsqlDbType.Text, cancellationToken);
                await copy.WriteAsync(m.OccurredAt, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(m.Attempts, NpgsqlDbType.Integer, cancellationToken);
                if (m.TraceParent is null) await copy.WriteNullAsync(cancellationToken);
                else await copy.WriteAsync(m.TraceParent, NpgsqlDbType.Varchar, cancellationToken);
            }
            return (int)await copy.CompleteAsync(cancellationToken);
        }

        public void Bind(DbCommand command, int row, OutboxMessage m)
        {
            object?[] values = [m.EventId, m.Family, m.Key, m.Type, m.Subject, m.Payload, m.OccurredAt, m.Attempts, m.TraceParent];
            for (var c = 0; c < values.Length; c++)
                command.Parameters.Add(_mappings[c].CreateParameter(command, $"@o{row}_{c}", values[c], nullable: c is 4 or 8));
        }
    }
}
