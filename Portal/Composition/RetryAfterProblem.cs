using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;

namespace Portal.Composition;

/// <summary>
/// The one way the portal says "not now": a status (429 or 503) with a <c>Retry-After</c> header in whole
/// seconds and a problem body whose detail names the same wait.
/// </summary>
public static class RetryAfterProblem
{
    /// <summary>The wait a rate limiter's refused lease names, rounded up to whole seconds; <paramref name="fallback"/> when it names none.</summary>
    public static int Seconds(RateLimitLease lease, int fallback = 60) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : fallback;

    /// <summary>Writes the status, <c>Retry-After</c> and a problem whose detail is <paramref name="detail"/> of the wait in seconds.</summary>
    public static ValueTask WriteAsync(HttpContext context, int status, int retryAfterSeconds, string title, Func<int, string> detail)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail(retryAfterSeconds) },
        });
    }
}
