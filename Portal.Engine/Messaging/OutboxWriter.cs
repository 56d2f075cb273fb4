using System.Text.Json;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging;

/// <summary>Adds an event to the outbox of the current unit of work; it commits (or not) with the change.</summary>
public static class OutboxWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Enqueue<T>(PortalDbContext db, string topic, string key, T payload, DateTime at) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.NewGuid(),
            Topic = topic,
            Key = key,
            Payload = JsonSerializer.Serialize(payload, Json),
            OccurredAt = at,
        });
}

public static class Topics
{
    public const string OrderPaid = "orders.paid";
    public const string OrderShipped = "orders.shipped";
    public const string OrderCompleted = "orders.completed";
}
