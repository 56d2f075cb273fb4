using Microsoft.AspNetCore.Authorization;
using Portal.Engine.Identity;

namespace Portal.Features;

/// <summary>The areas of the portal and the roles allowed in each; one policy per area.</summary>
public static class AreaPolicies
{
    public const string Catalog = "area:catalog";
    public const string Storefront = "area:storefront";
    public const string Images = "area:images";
    public const string Logistics = "area:logistics";
    public const string Analytics = "area:analytics";
    public const string Models = "area:models";
    public const string Admin = "area:admin";

    public sealed record Area(string Policy, string Title, string Href, string Icon, string[] Roles);

    public static readonly IReadOnlyList<Area> All =
    [
        new(Storefront, "Shop", "/shop", MudBlazor.Icons.Material.Filled.Storefront, [Roles.Customer, Roles.Admin]),
        new(Images, "My images", "/images", MudBlazor.Icons.Material.Filled.PhotoLibrary, [Roles.Customer, Roles.Sales, Roles.Admin]),
        new(Catalog, "Catalog", "/catalog", MudBlazor.Icons.Material.Filled.Inventory2, [Roles.Sales, Roles.Admin]),
        new(Logistics, "Logistics", "/logistics", MudBlazor.Icons.Material.Filled.LocalShipping, [Roles.Logistics, Roles.Admin]),
        new(Analytics, "Analytics", "/analytics", MudBlazor.Icons.Material.Filled.Insights, [Roles.Analyst, Roles.Admin]),
        new(Models, "Models", "/models", MudBlazor.Icons.Material.Filled.ModelTraining, [Roles.Analyst, Roles.Admin]),
        new(Admin, "Administration", "/admin", MudBlazor.Icons.Material.Filled.AdminPanelSettings, [Roles.Admin]),
    ];

    /// <summary>Where each role lands after signing in, in order of precedence.</summary>
    public static string LandingFor(Func<string, bool> isInRole) =>
        isInRole(Roles.Admin) ? "/admin"
        : isInRole(Roles.Sales) ? "/catalog"
        : isInRole(Roles.Logistics) ? "/logistics"
        : isInRole(Roles.Analyst) ? "/analytics"
        : isInRole(Roles.Customer) ? "/shop"
        : "/account/no-role";

    /// <summary>One policy per area, and a signed-in user for everything not marked otherwise.</summary>
    public static IServiceCollection AddAreaPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddAreaPolicies();
        return services;
    }

    public static AuthorizationBuilder AddAreaPolicies(this AuthorizationBuilder authorization)
    {
        foreach (var area in All)
            authorization.AddPolicy(area.Policy, policy => policy.RequireAuthenticatedUser().RequireRole(area.Roles));
        // Everything not marked otherwise needs a signed-in user. What routing did not match (no endpoint, or its
        // 405/415 answer for a known path with the wrong method or content type) has nothing to protect: it stays the
        // 404, 405 or 415 it is, for everyone, rather than a sign-in challenge that hides the real answer.
        authorization.SetFallbackPolicy(new AuthorizationPolicyBuilder()
            .RequireAssertion(context => context.User.Identity?.IsAuthenticated == true
                || context.Resource is HttpContext http && http.GetEndpoint() is not RouteEndpoint)
            .Build());
        return authorization;
    }
}
