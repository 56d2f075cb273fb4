using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Portal.Composition;
using Portal.Engine.ApiKeys;

namespace Portal.Features.Images.Api;

/// <summary>The image API's authentication (personal access tokens or the session), its policy and its part of the OpenAPI document.</summary>
public static class ImageApiComposition
{
    public const string Policy = "api:images";
    public const string TokenScheme = "PersonalAccessToken";

    public const string TokenHint =
        "Send a personal access token as \"Authorization: Bearer pat_…\" (create one under My images > Access tokens in the portal), or sign in.";

    public const string RateLimitPolicy = "per-access-token";

    public static IServiceCollection AddImageApi(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ImageApiOptions>, ImageApiOptionsValidator>();
        services.AddOptions<ImageApiOptions>().Bind(configuration.GetSection(ImageApiOptions.Section)).ValidateOnStart();
        // One bucket per token; signed-in users by user id. (Who is not signed in never gets this far.)
        services.AddRateLimiter(limiter => limiter.AddPolicy(RateLimitPolicy, context =>
        {
            var options = context.RequestServices.GetRequiredService<IOptions<ImageApiOptions>>().Value;
            var caller = context.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is { } key ? $"token:{key}"
                : $"user:{context.User.FindFirstValue(ClaimTypes.NameIdentifier)}";
            return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitsPerWindow, Window = TimeSpan.FromSeconds(options.WindowSeconds), QueueLimit = 0,
            });
        }));
        // The keys themselves are the logistics feature's too (which also has their cache hear revocations from other instances).
        services.TryAddScoped<ApiKeyService>();
        services.TryAddSingleton<ApiKeyCache>();
        services.AddAuthentication().AddApiKeyScheme(TokenScheme, ApiKeyScope.Images, ApiKeyAuthenticationHandler.PresentedBearerKey,
            "Bearer realm=\"portal images\"", TokenHint);
        var roles = AreaPolicies.All.Single(a => a.Policy == AreaPolicies.Images).Roles;
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, TokenScheme)
            .RequireAuthenticatedUser()
            .RequireRole(roles));
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[TokenScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "pat_…",
                Description = "A personal access token created under My images > Access tokens in the portal (shown once, when created); "
                    + "for the image API (/api/images) only.",
            };
            var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TokenScheme, document)] = [] };
            foreach (var (path, item) in document.Paths ?? [])
            {
                if (!path.StartsWith(ImageApi.Prefix, StringComparison.Ordinal) || item.Operations is null) continue;
                foreach (var operation in item.Operations.Values) operation.Security = [requirement];
            }
            return Task.CompletedTask;
        }));
        return services;
    }
}
