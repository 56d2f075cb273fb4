using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Live;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Worker;

namespace Portal.Tests.Engine.Images;

/// <summary>
/// Real outbox rows as the batch worker hands them to a handler: each row published as a CloudEvent (Kafka binary mode) at
/// the offset of its sequence on its family's topic, read back and decoded, as the worker does before invoking.
/// </summary>
internal static class OutboxBatches
{
    public static async Task<List<BatchRecord>> RecordsAsync(PortalDbContext db, long after = 0, string? type = null)
    {
        var rows = await db.OutboxMessages.AsNoTracking().Where(m => m.Sequence > after).OrderBy(m => m.Sequence).ToListAsync();
        var options = new EventsOptions();
        var records = new List<BatchRecord>();
        foreach (var row in rows.Where(r => type is null || r.Type == type))
        {
            var envelope = OutboxWriter.Envelope(row, options.Source);
            var message = CloudEventHeaders.ToMessage(envelope, options.TopicOf(row.Family));
            var record = new LogRecord(message.Topic, 0, row.Sequence, message.Key, message.Value, message.Headers, envelope.Time);
            Assert.True(CloudEventHeaders.TryRead(record, row.Family, out var read, out var problem), problem);
            Assert.True(EventCatalog.TryRead(read!, out var @event, out problem), problem);
            records.Add(new BatchRecord(record, read!, @event!));
        }
        return records;
    }

    /// <summary>The batch of every images-family row after <paramref name="after"/> (the handler's topic).</summary>
    public static async Task<EventBatch> ImagesAsync(PortalDbContext db, long after = 0) =>
        new((await RecordsAsync(db, after)).Where(r => r.Envelope.Family == EventFamilies.Images).ToList());

    /// <summary>The rows as live events, as the live feed hands them to pages.</summary>
    public static async Task<List<LiveEvent>> LiveAsync(PortalDbContext db, long after = 0) =>
        (await RecordsAsync(db, after)).Select(r => new LiveEvent(r.Envelope, r.Event)).ToList();

    public static async Task<long> LastSequenceAsync(PortalDbContext db) =>
        await db.OutboxMessages.MaxAsync(m => (long?)m.Sequence) ?? 0;
}
