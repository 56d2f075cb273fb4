using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
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
        var list = events as IReadOnlyCollection<IIntegrationEvent> ?? events.ToList();
        if (list.Count == 0) return 0;
        var table = OutboxTable.Of(db);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            if (db.Database.GetDbConnection() is NpgsqlConnection postgres) return await table.CopyAsync(postgres, list, at, cancellationToken);
            var messages = list.Select(e => ToMessage(e, at)).ToList();
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

        /// <summary>
        /// PostgreSQL's bulk path: one binary COPY (<see cref="OutboxCopy"/>), no statement to parse or plan, no parameters;
        /// the columns in the order of <see cref="Columns"/>, the values <see cref="ToMessage"/> makes (the payload as the
        /// serializer's UTF-8, which is what a text field is in a binary COPY).
        /// </summary>
        public async Task<int> CopyAsync(NpgsqlConnection connection, IReadOnlyCollection<IIntegrationEvent> events, DateTime at,
            CancellationToken cancellationToken)
        {
            var traceParent = EventTracing.CurrentTraceParent();
            await OutboxCopy.CopyAsync(connection, _copy, async (copy, token) =>
            {
                var rows = new OutboxCopy(Columns.Length);
                foreach (var e in events)
                {
                    var described = EventCatalog.Describe(e);
                    rows.StartRow();
                    rows.Uuid(Guid.NewGuid());
                    rows.Text(described.Family);
                    rows.Text(e.AggregateKey);
                    rows.Text(described.Type);
                    rows.Text(e.Subject);
                    rows.Utf8(EventCatalog.Serialize(e));
                    rows.TimestampTz(at);
                    rows.Int32(0);
                    rows.Text(traceParent);
                    await rows.FlushAsync(copy, always: false, token);
                }
                rows.End();
                await rows.FlushAsync(copy, always: true, token);
            }, cancellationToken);
            return events.Count;
        }

        public void Bind(DbCommand command, int row, OutboxMessage m)
        {
            object?[] values = [m.EventId, m.Family, m.Key, m.Type, m.Subject, m.Payload, m.OccurredAt, m.Attempts, m.TraceParent];
            for (var c = 0; c < values.Length; c++)
                command.Parameters.Add(_mappings[c].CreateParameter(command, $"@o{row}_{c}", values[c], nullable: c is 4 or 8));
        }
    }
}
