using Microsoft.OpenApi;
using Portal.Features.Logistics.Api;
using Scalar.AspNetCore;

namespace Portal.Composition;

public static class OpenApiComposition
{
    public static IServiceCollection AddPortalOpenApi(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Portal API";
            document.Info.Description = "Catalog (public read, Sales write) and logistics (API key) endpoints. Errors are application/problem+json.";
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A key created under Logistics > API keys in the portal. It is shown once, when created.",
            };
            document.Components.SecuritySchemes[OidcComposition.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from the Cognito user pool, when sign-in with OpenID Connect is configured.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OidcComposition.BearerScheme, document)] = [] });
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>The OpenAPI document and an interactive reference page (served from the package, no CDN).</summary>
    public static WebApplication MapPortalOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs", options => options
                .WithTitle("Portal API")
                .AddPreferredSecuritySchemes(ApiKeyAuthenticationHandler.SchemeName))
            .AllowAnonymous();
        return app;
    }
}
