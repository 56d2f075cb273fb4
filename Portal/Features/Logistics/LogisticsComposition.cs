using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Portal.Composition;
using Portal.Engine.ApiKeys;
using Portal.Engine.Data;
using Portal.Engine.Identity;
using Portal.Engine.Logistics;
using Portal.Features.Logistics.Api;

namespace Portal.Features.Logistics;

/// <summary>Settings under <c>Logistics:Api</c>.</summary>
public sealed class LogisticsApiOptions
{
    public const string Section = "Logistics:Api";

    /// <summary>Requests each API key (or signed-in user) may make per window.</summary>
    [Range(1, 1_000_000)] public int PermitsPerWindow { get; set; } = 300;

    [Range(1, 3600)] public int WindowSeconds { get; set; } = 60;

    /// <summary>Unknown or revoked API keys one client address may present per window before it gets 429.</summary>
    [Range(1, 1_000_000)] public int FailedKeyAttemptsPerWindow { get; set; } = 20;
}

public static class LogisticsComposition
{
    public const string ApiPolicy = "api:logistics";
    public const string RateLimitPolicy = "per-api-key";

    public static IServiceCollection AddLogistics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<LogisticsService>();
        services.AddOrderReadCache(configuration);
        services.AddScoped<ApiKeyService>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<IDatabaseChangeSubscriber>(sp => sp.GetRequiredService<ApiKeyCache>());
        services.AddScoped<IdempotencyStore>();
        services.AddScoped<IdempotencyFilter>();
        services.AddLogisticsApiDocs();
        services.AddOptions<LogisticsApiOptions>().Bind(configuration.GetSection(LogisticsApiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddOptions<ApiKeyFailureThrottleOptions>().Configure<Microsoft.Extensions.Options.IOptions<LogisticsApiOptions>>((throttle, api) =>
        {
            throttle.FailedKeyAttemptsPerWindow = api.Value.FailedKeyAttemptsPerWindow;
            throttle.WindowSeconds = api.Value.WindowSeconds;
        });
        services.AddAuthentication().AddApiKeyScheme(ApiKeyAuthenticationHandler.SchemeName, ApiKeyScope.Logistics, ApiKeyAuthenticationHandler.PresentedKey,
            $"{ApiKeyAuthenticationHandler.SchemeName} header=\"{ApiKeyAuthenticationHandler.HeaderName}\"",
            "Send an API key in the X-Api-Key header (create one under Logistics > API keys in the portal), or sign in.");
        services.AddAuthorizationBuilder().AddPolicy(ApiPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, ApiKeyAuthenticationHandler.SchemeName, OidcComposition.BearerScheme)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Logistics, Roles.Admin));

        // Refusals are written by PortalRateLimits (429, Retry-After, problem+json naming the key's allowance).
        services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(RateLimitPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<LogisticsApiOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(CallerOf(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitsPerWindow,
                    Window = TimeSpan.FromSeconds(options.WindowSeconds),
                    QueueLimit = 0,
                });
            });
        });
        return services;
    }

    /// <summary>One rate-limit bucket per API key; signed-in users by user id; others by address.</summary>
    private static string CallerOf(HttpContext context) =>
        context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } key ? $"key:{key}"
        : context.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } user ? $"user:{user}"
        : $"ip:{context.Connection.RemoteIpAddress}";
}
