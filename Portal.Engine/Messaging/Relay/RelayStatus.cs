namespace Portal.Engine.Messaging.Relay;

/// <summary>What this instance's relay last did, for the ready check and the logs. Thread-safe.</summary>
public sealed class RelayStatus
{
    private readonly Lock _lock = new();
    private Snapshot _now = new(false, null, null, null, 0, 0);

    /// <param name="HoldsLease">This instance publishes (the others stand by).</param>
    /// <param name="FailingSince">When publishing began to fail, while it still fails.</param>
    /// <param name="LastError">Why the last publish failed.</param>
    /// <param name="LastPublishedAt">When this instance last published a batch.</param>
    /// <param name="ConsecutiveFailures">Failed publishes in a row.</param>
    /// <param name="Published">Rows this instance published since it started.</param>
    public sealed record Snapshot(bool HoldsLease, DateTime? FailingSince, string? LastError, DateTime? LastPublishedAt,
        int ConsecutiveFailures, long Published);

    public Snapshot Current
    {
        get { lock (_lock) return _now; }
    }

    internal void Standby()
    {
        lock (_lock) _now = _now with { HoldsLease = false, FailingSince = null, LastError = null, ConsecutiveFailures = 0 };
    }

    internal void Idle()
    {
        lock (_lock) _now = _now with { HoldsLease = true, FailingSince = null, LastError = null, ConsecutiveFailures = 0 };
    }

    internal void PublishedBatch(DateTime at, int count)
    {
        lock (_lock) _now = new Snapshot(true, null, null, at, 0, _now.Published + count);
    }

    internal int Failed(DateTime at, string error)
    {
        lock (_lock)
        {
            _now = _now with { FailingSince = _now.FailingSince ?? at, LastError = error, ConsecutiveFailures = _now.ConsecutiveFailures + 1 };
            return _now.ConsecutiveFailures;
        }
    }
}
