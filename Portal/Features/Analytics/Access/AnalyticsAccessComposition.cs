using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Portal.Composition;
using Portal.Composition.AwsSigV4;
using Portal.Engine.Analytics.Access;
using Portal.Engine.Identity;

namespace Portal.Features.Analytics.Access;

public static class AnalyticsAccessComposition
{
    /// <summary>Who may call the analytics query API: a signed-in Analyst or Admin, or one's access key as a bearer token.</summary>
    public const string ApiPolicy = "api:analytics";

    /// <summary>Analysts' access keys, and the two ways they authenticate: SigV4 (AWS-compatible APIs) and bearer (the query API).</summary>
    public static IServiceCollection AddAnalyticsAccess(this IServiceCollection services)
    {
        services.AddAnalystAccessKeys();
        services.AddAwsSigV4();
        services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, AnalystKeyAuthenticationHandler>(AnalystKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(ApiPolicy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, AnalystKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Analyst, Roles.Admin));
        return services;
    }
}
