using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Portal.Composition;
using Portal.Features.Account;
using Portal.Features.Logistics;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Oidc;

/// <summary>
/// Portal in-process with <c>Authentication:Oidc:*</c> settings. Until Program.cs calls
/// <c>AddPortalOidc</c>/<c>MapExternalSignIn</c> (and the logistics API policy names the bearer scheme), this
/// factory wires them the same way itself; once Program.cs does, it adds nothing and the tests check the real wiring.
/// </summary>
public sealed class OidcAppFactory(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null)
    : PortalAppFactory(settings)
{
    /// <summary>True when Program.cs wired OIDC itself (so nothing here stands in for it).</summary>
    public bool WiredByProgram { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (configureServices is not null) builder.ConfigureServices(configureServices);
        builder.ConfigureServices((context, services) =>
        {
            WiredByProgram = services.Any(d => d.ServiceType == typeof(OidcComposition.Registration));
            if (WiredByProgram) return;
            services.AddPortalOidc(context.Configuration);
            services.AddSingleton<IStartupFilter, ExternalSignInEndpointsFilter>();
            services.PostConfigure<AuthorizationOptions>(options =>
            {
                // Stand-in for: .AddAuthenticationSchemes(..., OidcComposition.BearerScheme) in LogisticsComposition.
                if (options.GetPolicy(LogisticsComposition.ApiPolicy) is { } policy && !policy.AuthenticationSchemes.Contains(OidcComposition.BearerScheme))
                    options.AddPolicy(LogisticsComposition.ApiPolicy, new AuthorizationPolicyBuilder(policy).AddAuthenticationSchemes(OidcComposition.BearerScheme).Build());
            });
        });
    }

    /// <summary>Stand-in for <c>app.MapExternalSignIn()</c> in Program.cs: the same endpoints on a branch in front.</summary>
    private sealed class ExternalSignInEndpointsFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseWhen(
                context => context.Request.Path.StartsWithSegments("/account/external")
                           && !context.Request.Path.StartsWithSegments(ExternalSignInEndpoints.FailedPath), // a Razor page
                branch =>
                {
                    branch.UseRouting();
                    branch.UseAuthentication();
                    branch.UseAuthorization();
                    branch.UseAntiforgery();
                    branch.UseEndpoints(endpoints => endpoints.MapExternalSignIn());
                });
            next(app);
        };
    }
}
