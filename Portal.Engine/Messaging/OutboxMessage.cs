namespace Portal.Engine.Messaging;

/// <summary>
/// An event written in the same transaction as the change that caused it, then delivered
/// to the event log (in-process consumer or Kafka) by a relay; never lost if delivery fails.
/// </summary>
public class OutboxMessage
{
    public Guid Id { get; set; }
    public required string Topic { get; set; }
    public required string Key { get; set; }
    public required string Payload { get; set; }
    public DateTime OccurredAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}
