using System.Threading.RateLimiting;
using Portal.Engine.Telemetry;

namespace Portal.Engine.Imaging.Budget;

/// <summary>
/// The slots of one caller class: at most <c>slots</c> images at once, the others waiting in arrival order (at most
/// <c>queueLimit</c> of them, each at most <c>queueTimeout</c>). A full queue or a wait past the time-out is a 503
/// <see cref="ImageErrorCodes.Busy"/> with a <c>Retry-After</c> of the time-out. The time-out runs on
/// <see cref="TimeProvider"/> timers, so tests move it by hand.
/// </summary>
internal sealed class ImageWorkGate(ImageCaller caller, int slots, int queueLimit, TimeSpan queueTimeout, TimeProvider clock) : IDisposable
{
    private readonly string _name = caller.ToString();
    private readonly string _who = caller.Describe();

    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = slots,
        QueueLimit = queueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public int Slots => slots;

    /// <summary>Waits for a slot; the lease frees it when disposed.</summary>
    public async Task<ImageWorkLease> EnterAsync(CancellationToken cancellationToken)
    {
        // With waiters queued this fails, so a newcomer never overtakes them.
        var lease = _limiter.AttemptAcquire();
        if (lease.IsAcquired)
        {
            ImagingMetrics.Waited(_name, 0);
            return new ImageWorkLease(lease, _name);
        }
        lease.Dispose();

        var started = clock.GetTimestamp();
        using var timeout = new CancellationTokenSource(queueTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        ImagingMetrics.QueueChanged(_name, 1);
        try
        {
            lease = await _limiter.AcquireAsync(1, linked.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            ImagingMetrics.Refused(_name, "queue_timeout");
            throw Busy($"no slot for {_who} requests became free within {queueTimeout.TotalSeconds:0.#} s");
        }
        finally
        {
            ImagingMetrics.QueueChanged(_name, -1);
            ImagingMetrics.Waited(_name, clock.GetElapsedTime(started).TotalMilliseconds);
        }
        if (lease.IsAcquired) return new ImageWorkLease(lease, _name);
        lease.Dispose();
        ImagingMetrics.Refused(_name, "queue_full");
        throw Busy($"{queueLimit} {_who} requests are already waiting");
    }

    private ImageRequestException Busy(string why) =>
        new(503, ImageErrorCodes.Busy, $"The image service is busy ({why}); please try again later.")
        {
            RetryAfterSeconds = Math.Max(1, (int)Math.Ceiling(queueTimeout.TotalSeconds)),
        };

    public void Dispose() => _limiter.Dispose();
}

/// <summary>A slot of an <see cref="ImageWorkGate"/>, held until disposed.</summary>
public sealed class ImageWorkLease : IDisposable
{
    private readonly RateLimitLease _lease;
    private readonly string _caller;
    private int _disposed;

    internal ImageWorkLease(RateLimitLease lease, string caller)
    {
        _lease = lease;
        _caller = caller;
        ImagingMetrics.RunningChanged(caller, 1);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _lease.Dispose();
        ImagingMetrics.RunningChanged(_caller, -1);
    }
}
