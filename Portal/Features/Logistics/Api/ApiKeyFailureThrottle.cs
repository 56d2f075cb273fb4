using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Portal.Engine.ApiKeys;

namespace Portal.Features.Logistics.Api;

/// <summary>
/// Throttles key guessing: a client address may present <see cref="LogisticsApiOptions.FailedKeyAttemptsPerWindow"/>
/// API keys that fail per window; after that, its requests that present a key get 429 before any key is looked up.
/// The per-key rate limit cannot do this: it runs only once a key has signed the caller in. Keys this instance
/// validated recently still pass, so guessing cannot lock out working clients that share the address.
/// </summary>
public sealed class ApiKeyFailureThrottle : IDisposable
{
    private readonly RequestDelegate _next;
    private readonly PartitionedRateLimiter<string> _failures;

    public ApiKeyFailureThrottle(RequestDelegate next, IOptions<LogisticsApiOptions> options)
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
        var presented = ApiKeyAuthenticationHandler.PresentedKey(context.Request);
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
        if (context.Response.StatusCode == StatusCodes.Status401Unauthorized) _failures.AttemptAcquire(address).Dispose();
    }

    private static Task RefuseAsync(HttpContext context, RateLimitLease lease)
    {
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 60;
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = retryAfter.ToString();
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many failed API keys",
                Detail = $"Too many unknown or revoked API keys came from this address; retry after {retryAfter} s.",
            },
        }).AsTask();
    }

    public void Dispose() => _failures.Dispose();
}
