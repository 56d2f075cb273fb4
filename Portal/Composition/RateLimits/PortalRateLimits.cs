using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Portal.Composition.RateLimits;

/// <summary>
/// The portal's rate limits (ASP.NET Core's rate limiter, fixed windows): one policy per class of endpoint, which the
/// features attach, and a global limit on every other request from someone not signed in. Signed-in callers (and API
/// keys, access keys) are counted by user; anonymous ones by client address, which behind the load balancer is the one
/// X-Forwarded-For names (ForwardedHeaders settings). Refusals answer 429 with Retry-After in the shape the endpoint's
/// clients expect (<see cref="RateLimitRejection"/>).
/// </summary>
public static class PortalRateLimits
{
    public const string SignIn = "sign-in";
    public const string Uploads = "uploads";
    public const string Images = "image-handler";
    public const string AnalyticsQueries = "analytics-queries";
    public const string Athena = "aws-athena";
    public const string ModelInvocations = "aws-model-invocations";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<RateLimitSettings>, RateLimitSettingsValidator>();
        services.AddOptions<RateLimitSettings>().Bind(configuration.GetSection(RateLimitSettings.Section)).ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(SignIn, context => Window(context, $"ip:{AddressOf(context)}", s => s.SignInPerAddress));
            limiter.AddPolicy(Uploads, context => Window(context, CallerOf(context), s => s.UploadsPerCaller));
            limiter.AddPolicy(Images, context => Window(context, CallerOf(context), s => s.ImagesPerCaller));
            limiter.AddPolicy(AnalyticsQueries, context => Window(context, CallerOf(context), s => s.AnalyticsQueriesPerCaller));
            limiter.AddPolicy(Athena, context => Window(context, CallerOf(context), s => s.AthenaCallsPerCaller));
            limiter.AddPolicy(ModelInvocations, context => Window(context, CallerOf(context), s => s.ModelInvocationsPerCaller));
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(AnonymousPartition);
            limiter.OnRejected = (rejected, _) => RateLimitRejection.WriteAsync(rejected.HttpContext, RetryAfterProblem.Seconds(rejected.Lease));
        });
        return services;
    }

    /// <summary>Signed-in users and keys by user id (a logistics API key by its key id); everyone else by client address.</summary>
    public static string CallerOf(HttpContext context) =>
        context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } key ? $"key:{key}"
        : context.User.Identity?.IsAuthenticated == true && context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? $"user:{user}"
        : $"ip:{AddressOf(context)}";

    private static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static RateLimitPartition<string> Window(HttpContext context, string caller, Func<RateLimitSettings, int> permits)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<RateLimitSettings>>().Value;
        return settings.Enabled
            ? RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits(settings), Window = TimeSpan.FromSeconds(settings.WindowSeconds), QueueLimit = 0,
            })
            : RateLimitPartition.GetNoLimiter(caller);
    }

    /// <summary>
    /// Anonymous requests to endpoints without a policy of their own, per address. Health checks are the load balancer's
    /// and never limited; an endpoint with its own policy is counted there only (so its refusal has its own shape).
    /// </summary>
    private static RateLimitPartition<string> AnonymousPartition(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (context.User.Identity?.IsAuthenticated == true
            || context.Request.Path.StartsWithSegments("/health")
            || endpoint?.Metadata.GetMetadata<EnableRateLimitingAttribute>() is not null
            || endpoint?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is not null)
            return RateLimitPartition.GetNoLimiter("");
        return Window(context, $"anonymous:{AddressOf(context)}", s => s.AnonymousPerAddress);
    }
}
