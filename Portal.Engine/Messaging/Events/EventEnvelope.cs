namespace Portal.Engine.Messaging.Events;

/// <summary>
/// An event as it travels: the CloudEvents 1.0 attributes, the partition key and the JSON data. <see cref="Family"/> picks the
/// topic. <see cref="CloudEventHeaders"/> maps it onto a log message per the CloudEvents Kafka binding (binary mode).
/// </summary>
public sealed record EventEnvelope(
    string Id,
    string Source,
    string Type,
    string? Subject,
    DateTimeOffset Time,
    string Family,
    string Key,
    ReadOnlyMemory<byte> Data,
    string DataContentType = EventEnvelope.Json)
{
    public const string Json = "application/json";
    public const string DefaultSource = "/portal";

    public static EventEnvelope For(IIntegrationEvent @event, Guid id, DateTime occurredAt, string source = DefaultSource)
    {
        var described = EventCatalog.Describe(@event);
        return new EventEnvelope(id.ToString(), source, described.Type, @event.Subject,
            new DateTimeOffset(DateTime.SpecifyKind(occurredAt, DateTimeKind.Utc)), described.Family, @event.AggregateKey,
            EventCatalog.Serialize(@event));
    }
}
