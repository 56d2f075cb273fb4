using Portal.Engine.Identity;

namespace Portal.Composition.AwsSigV4;

public static class AwsSigV4Composition
{
    /// <summary>The policy of AWS-compatible endpoints: a SigV4-signed request by an analyst's key, of an Analyst or Admin.</summary>
    public const string Policy = "aws:sigv4";

    /// <summary>The <see cref="AwsSigV4AuthenticationHandler.SchemeName"/> scheme and its policy (needs an <c>IAnalystAccessKeys</c>).</summary>
    public static IServiceCollection AddAwsSigV4(this IServiceCollection services)
    {
        services.AddAuthentication().AddScheme<AwsSigV4Options, AwsSigV4AuthenticationHandler>(AwsSigV4AuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(AwsSigV4AuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.Analyst, Roles.Admin));
        return services;
    }

    /// <summary>
    /// Makes every endpoint of the group an AWS-compatible API of <paramref name="service"/> (the name clients put in
    /// their credential scope: <c>athena</c>, <c>sagemaker</c>): callers sign requests with SigV4 using an analyst's access key.
    /// </summary>
    public static TBuilder RequireAwsSigV4<TBuilder>(this TBuilder builder, string service) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new AwsServiceEndpoint(service));
        builder.RequireAuthorization(Policy);
        return builder;
    }
}
