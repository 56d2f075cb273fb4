namespace Portal.Engine.Operations;

/// <summary>
/// What one instance measured over one sampling window, written by every instance to the shared database so the Admin
/// System page sees all of them (the instances behind the load balancer, and which of them are alive).
/// </summary>
public class InstanceSample
{
    public long Id { get; set; }
    /// <summary>The instance (<see cref="InstanceIdentity.Id"/>).</summary>
    public required string Instance { get; set; }
    /// <summary>The end of the window.</summary>
    public DateTime At { get; set; }
    public double RequestsPerSecond { get; set; }
    /// <summary>Share of requests answered 5xx in the window (0 when there were none).</summary>
    public double ErrorRate { get; set; }
    /// <summary>95th percentile request duration, null when the window had no request.</summary>
    public double? P95Milliseconds { get; set; }
    /// <summary>Share of rendition requests the cache answered, null when there were none.</summary>
    public double? CacheHitRatio { get; set; }
    /// <summary>Events waiting in the outbox (the whole database's, as this instance read it).</summary>
    public long OutboxWaiting { get; set; }
    /// <summary>Records this instance's consumers have not committed yet, over every partition they hold.</summary>
    public long ConsumerLag { get; set; }
}
