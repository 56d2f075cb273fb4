using System.Text;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Messaging;

/// <summary>Adds an event to the outbox of the current unit of work; it commits (or not) with the change it describes.</summary>
public static class OutboxWriter
{
    public static OutboxMessage Enqueue(PortalDbContext db, IIntegrationEvent @event, DateTime at)
    {
        var message = ToMessage(@event, at);
        db.OutboxMessages.Add(message);
        return message;
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
            Payload = Encoding.UTF8.GetString(EventCatalog.Serialize(@event)),
            OccurredAt = at,
        };
    }

    /// <summary>The envelope the relay publishes for a stored outbox row.</summary>
    public static EventEnvelope Envelope(OutboxMessage message, string source) =>
        new(message.EventId.ToString(), source, message.Type, message.Subject,
            new DateTimeOffset(DateTime.SpecifyKind(message.OccurredAt, DateTimeKind.Utc)), message.Family, message.Key,
            Encoding.UTF8.GetBytes(message.Payload));
}
