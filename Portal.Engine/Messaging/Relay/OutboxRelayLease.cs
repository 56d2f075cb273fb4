namespace Portal.Engine.Messaging.Relay;

/// <summary>
/// The one lease that lets a relay publish the outbox. Whoever holds it (and renews it before each batch) publishes; every
/// other instance's relay stands by and takes it over once it has expired. <see cref="Fence"/> counts the hand-overs.
/// </summary>
public class OutboxRelayLease
{
    public const string Outbox = "outbox";

    public required string Name { get; set; }
    /// <summary>The relay holding the lease (host/process/instance), or null when none ever held it or it was released.</summary>
    public string? Owner { get; set; }
    public DateTime ExpiresAt { get; set; }
    /// <summary>Grows by one each time another relay takes the lease over.</summary>
    public long Fence { get; set; }
}
