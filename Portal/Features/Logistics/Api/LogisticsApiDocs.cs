using Portal.Composition;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Portal.Features.Logistics.Api;

/// <summary>The logistics API's part of the OpenAPI document: its API key scheme, preferred on the reference page.</summary>
public static class LogisticsApiDocs
{
    public static IServiceCollection AddLogisticsApiDocs(this IServiceCollection services)
    {
        services.Configure<OpenApiOptions>("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyAuthenticationHandler.HeaderName,
                Description = "A key created under Logistics > API keys in the portal. It is shown once, when created.",
            };
            document.Security ??= [];
            document.Security.Insert(0, new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [] });
            return Task.CompletedTask;
        }));
        services.Configure<ScalarOptions>(options => options.AddPreferredSecuritySchemes(ApiKeyAuthenticationHandler.SchemeName));
        return services;
    }
}
