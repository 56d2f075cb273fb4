using Microsoft.OpenApi;
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
            document.Components.SecuritySchemes[OidcComposition.BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from the Cognito user pool, when sign-in with OpenID Connect is configured.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OidcComposition.BearerScheme, document)] = [] });
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>Scalar's "Powered by Scalar" link points away from the portal; the page keeps to the portal's own.</summary>
    private const string NoLinksAway = "a[href^='https://scalar.com'] { display: none !important; }";

    /// <summary>
    /// The OpenAPI document and an interactive reference page that asks nothing of other sites: Scalar's script comes
    /// from the package (its default bundle, <c>/api/docs/scalar.js</c>), its CDN fonts, telemetry, AI agent, MCP and
    /// third-party buttons (client download, developer tools) are off, and the favicon is the portal's.
    /// </summary>
    public static WebApplication MapPortalOpenApi(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/docs", options => options
                .WithTitle("Portal API")
                .WithFavicon("/favicon.svg")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent()
                .DisableMcp()
                .HideClientButton()
                .HideDeveloperTools()
                .WithCustomCss(NoLinksAway))
            .AllowAnonymous();
        return app;
    }
}
