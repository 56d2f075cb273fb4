namespace Portal.Engine.Messaging;

/// <summary>
/// An event written in the same transaction as the change that caused it, then published to the event log (the embedded
/// one or Kafka) by the relay, in <see cref="Sequence"/> order per key; never lost if publishing fails.
/// </summary>
public class OutboxMessage
{
    /// <summary>Insertion order: the relay publishes in this order, so events about one aggregate keep theirs.</summary>
    public long Sequence { get; set; }
    /// <summary>The CloudEvents id: consumers use it to apply an event once however often it is delivered.</summary>
    public Guid EventId { get; set; }
    /// <summary>The event family; the relay maps it to a topic.</summary>
    public required string Family { get; set; }
    /// <summary>The partition key (the aggregate id).</summary>
    public required string Key { get; set; }
    /// <summary>The CloudEvents type, e.g. <c>portal.orders.shipped.v1</c>.</summary>
    public required string Type { get; set; }
    public string? Subject { get; set; }
    /// <summary>The event's data, JSON.</summary>
    public required string Payload { get; set; }
    public DateTime OccurredAt { get; set; }
    /// <summary>
    /// The W3C <c>traceparent</c> of the span that wrote the event (null when nothing was traced): the relay's publish span
    /// continues it and the message carries it on, so the handling span joins the request's trace.
    /// </summary>
    public string? TraceParent { get; set; }
    /// <summary>Failed attempts to publish it, and the last one's error (kept after it was published).</summary>
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
