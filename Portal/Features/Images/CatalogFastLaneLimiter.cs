using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Composition.RateLimits;

namespace Portal.Features.Images;

/// <summary>
/// The per-client-address limit on the answers <see cref="CatalogFastLane"/> gives: the image handlers' settings
/// (<c>RateLimits:ImagesPerCaller</c> per <c>RateLimits:WindowSeconds</c>, off with <c>RateLimits:Enabled=false</c>), in
/// fixed windows like the endpoint's policy. The lane answers before authentication, so it counts every caller by address
/// (the one the forwarded headers name); requests it passes on are counted by the endpoint's policy as before.
/// </summary>
public sealed class CatalogFastLaneLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<HttpContext>? _limiter;

    public CatalogFastLaneLimiter(IOptions<RateLimitSettings> options)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;
        var window = new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.ImagesPerCaller, Window = TimeSpan.FromSeconds(settings.WindowSeconds), QueueLimit = 0,
        };
        _limiter = PartitionedRateLimiter.Create<HttpContext, IPAddress>(context =>
            RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress ?? IPAddress.None, _ => window));
    }

    /// <summary>Null when the request may be answered; otherwise the seconds to wait, for Retry-After.</summary>
    public int? Refusal(HttpContext context)
    {
        if (_limiter is null) return null;
        using var lease = _limiter.AttemptAcquire(context);
        return lease.IsAcquired ? null : Portal.Composition.RetryAfterProblem.Seconds(lease);
    }

    public void Dispose() => _limiter?.Dispose();
}
