using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>Reads a record as an event: a CloudEvent (Kafka binding headers) of a known type and version with readable data.</summary>
internal static class RecordReader
{
    public static bool TryRead(LogRecord record, EventsOptions events, out BatchRecord? read, out string? problem)
    {
        read = null;
        var family = events.FamilyOf(record.Topic) ?? record.Topic;
        if (!CloudEventHeaders.TryRead(record, family, out var envelope, out problem)) return false;
        if (!EventCatalog.TryRead(envelope!, out var @event, out problem)) return false;
        read = new BatchRecord(record, envelope!, @event!);
        return true;
    }
}
