using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Live;

/// <summary>Reading a log record back as an event: its CloudEvents envelope (binary-mode headers), then its typed data.</summary>
public static class EventRecords
{
    /// <summary>
    /// The record's envelope (when its headers are a CloudEvent) and event (when its type and version are known and its data
    /// readable); <paramref name="problem"/> says what is missing otherwise.
    /// </summary>
    public static (EventEnvelope? Envelope, IIntegrationEvent? Event, string? Problem) Decode(LogRecord record, EventsOptions events)
    {
        var family = events.FamilyOf(record.Topic);
        if (family is null) return (null, null, $"Record {record.TopicPartition}@{record.Offset} is on a topic no event family uses.");
        if (!CloudEventHeaders.TryRead(record, family, out var envelope, out var problem)) return (null, null, problem);
        return EventCatalog.TryRead(envelope!, out var @event, out problem) ? (envelope, @event, null) : (envelope, null, problem);
    }
}
