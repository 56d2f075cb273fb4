using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Portal.Composition;

/// <summary>
/// Settings under <c>ForwardedHeaders</c>: honour X-Forwarded-For/Proto from the load balancer (the ALB)
/// in front of the instances. Off by default; when on, only the listed proxies and networks are trusted.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "ForwardedHeaders";
    public bool Enabled { get; set; }
    public List<string> KnownProxies { get; set; } = [];
    /// <summary>CIDR ranges, e.g. <c>10.0.0.0/16</c> for the VPC the ALB lives in.</summary>
    public List<string> KnownNetworks { get; set; } = [];
    public int? ForwardLimit { get; set; } = 1;
}

public sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings settings)
    {
        var failures = new List<string>();
        for (var i = 0; i < settings.KnownProxies.Count; i++)
            if (!IPAddress.TryParse(settings.KnownProxies[i], out _))
                failures.Add($"ForwardedHeaders:KnownProxies:{i} '{settings.KnownProxies[i]}' is not an IP address.");
        for (var i = 0; i < settings.KnownNetworks.Count; i++)
            if (!System.Net.IPNetwork.TryParse(settings.KnownNetworks[i], out _))
                failures.Add($"ForwardedHeaders:KnownNetworks:{i} '{settings.KnownNetworks[i]}' is not a CIDR range such as 10.0.0.0/16.");
        if (settings.Enabled && settings.KnownProxies.Count == 0 && settings.KnownNetworks.Count == 0)
            failures.Add("ForwardedHeaders:KnownProxies or ForwardedHeaders:KnownNetworks must name the load balancer when ForwardedHeaders:Enabled is true.");
        if (settings.ForwardLimit is < 1)
            failures.Add("ForwardedHeaders:ForwardLimit must be at least 1 when set.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

public static class ForwardedHeadersComposition
{
    public static IServiceCollection AddPortalForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<ForwardedHeadersSettings>, ForwardedHeadersSettingsValidator>();
        services.AddOptions<ForwardedHeadersSettings>().Bind(configuration.GetSection(ForwardedHeadersSettings.Section)).ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ForwardedHeadersSettings>>((options, settings) =>
        {
            // Not X-Forwarded-Host: an ALB neither sets nor strips it, so it would be whatever the client sent.
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = settings.Value.ForwardLimit;
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in settings.Value.KnownProxies) options.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in settings.Value.KnownNetworks) options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    public static IApplicationBuilder UsePortalForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ForwardedHeadersSettings>>().Value.Enabled)
            app.UseForwardedHeaders();
        return app;
    }
}
