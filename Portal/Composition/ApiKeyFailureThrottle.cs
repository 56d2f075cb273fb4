using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Portal.Engine.ApiKeys;

namespace Portal.Composition;

/// <summary>How many unknown, revoked or expired keys one client address may present per window (set from <c>Logistics:Api</c>).</summary>
public sealed class ApiKeyFailureThrottleOptions
{
    public int FailedKeyAttemptsPerWindow { get; set; } = 20;

    public int WindowSeconds { get; set; } = 60;
}

/// <summary>
/// Throttles key guessing: a client address may present <see cref="ApiKeyFailureThrottleOptions.FailedKeyAttemptsPerWindow"/>
/// unknown, revoked or expired API keys or personal access tokens per window; after that, its requests that present a key
/// get 429 before any key is looked up. A per-key rate limit cannot do this: it runs only once a key has signed the caller
/// in. Keys this instance validated recently still pass, so guessing cannot lock out working clients that share the address.
/// </summary>
public sealed class ApiKeyFailureThrottle : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly PartitionedRateLimiter<string> _failures;

    public ApiKeyFailureThrottle(RequestDelegate next, IOptions<ApiKeyFailureThrottleOptions> options)
    {
        _next = next;
        var settings = options.Value;
        _failures = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = settings.FailedKeyAttemptsPerWindow,
            Window = TimeSpan.FromSeconds(settings.WindowSeconds),
            QueueLimit = 0,
        }));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = ApiKeyAuthenticationHandler.PresentedAnyKey(context.Request);
        if (presented is null)
        {
            await _next(context);
            return;
        }
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        using (var allowance = _failures.AttemptAcquire(address, permitCount: 0))
        {
            // A key in use right now (validated recently on this instance) is not held up by guessing from its address:
            // behind a load balancer without forwarded headers every caller shares one address.
            if (!allowance.IsAcquired && context.RequestServices.GetRequiredService<ApiKeyService>().RecentlyValidated(presented) is null)
            {
                await RefuseAsync(context, allowance);
                return;
            }
        }
        await _next(context);
        // Only a key that is unknown, revoked or expired counts: a working key on a route or with a body it does not fit is no guess.
        if (ApiKeyAuthenticationHandler.WasRejected(context)) _failures.AttemptAcquire(address).Dispose();
    }

    private static Task RefuseAsync(HttpContext context, RateLimitLease lease) =>
        RetryAfterProblem.WriteAsync(context, StatusCodes.Status429TooManyRequests, RetryAfterProblem.Seconds(lease), "Too many failed API keys",
            wait => $"Too many unknown or revoked API keys came from this address; retry after {wait} s.").AsTask();

    public void Dispose() => _failures.Dispose();
}

public static class ApiKeyFailureThrottleComposition
{
    /// <summary>Throttles key guessing per client address; before authentication, so it sees the failures.</summary>
    public static IApplicationBuilder UseApiKeyFailureThrottle(this IApplicationBuilder app) => app.UseMiddleware<ApiKeyFailureThrottle>();
}
