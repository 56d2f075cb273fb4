using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;

namespace Portal.Composition.Security;

/// <summary>
/// Sets the browser-facing security headers on every answer the portal gives, pages, APIs, images, /aws and errors alike:
/// a Content-Security-Policy (the page policy for HTML, a policy that lets nothing run for everything else),
/// <c>nosniff</c>, a Referrer-Policy, a Permissions-Policy, Cross-Origin-Opener-Policy and X-Frame-Options. HSTS is
/// ASP.NET Core's (<c>UseHsts</c>, on HTTPS answers outside Development), with its settings under <c>Security:Hsts</c>.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IOptions<OidcOptions> oidc)
{
    private const string NonceKey = "portal.csp-nonce";

    /// <summary>Same-origin requests carry the full referrer (signed image URLs included); other sites learn nothing.</summary>
    public const string ReferrerPolicy = "same-origin";

    /// <summary>Browser features the portal never uses, refused to the page and anything it might embed.</summary>
    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private readonly string[] _formTargets = FormTargets(oidc.Value);

    /// <summary>The nonce this response's page policy admits (for the framework's inline import map); null outside a request.</summary>
    public static string? NonceOf(HttpContext? context) => context?.Items[NonceKey] as string;

    public async Task InvokeAsync(HttpContext context)
    {
        // Hex, not base64: a nonce with "+" would be HTML-encoded in the page (&#x2B;), which is right for the browser but
        // makes the page differ from the header to anything that compares them as text.
        context.Items[NonceKey] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        if (InlineScriptHashes.Covers(context.Request.Path)) await InlineScriptHashes.RunAndHashAsync(context, next);
        else await next(context);
    }

    private void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var isPage = context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (!isPage)
        {
            ApplyToResource(headers);
            return;
        }
        ApplyCommon(headers);
        headers.ContentSecurityPolicy = ContentSecurityPolicy.ForPage(NonceOf(context)!, _formTargets,
            context.Items[InlineScriptHashes.ItemKey] as IReadOnlyList<string>, allowEval: InlineScriptHashes.Covers(context.Request.Path));
    }

    /// <summary>The headers of an answer that is not a page (an image, JSON): what answers given before this middleware (the catalog image fast lane) set themselves.</summary>
    public static void ApplyToResource(IHeaderDictionary headers)
    {
        ApplyCommon(headers);
        headers.ContentSecurityPolicy = ContentSecurityPolicy.ForResource;
    }

    private static void ApplyCommon(IHeaderDictionary headers)
    {
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = ReferrerPolicy;
        headers["Permissions-Policy"] = PermissionsPolicy;
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers.XFrameOptions = "DENY";
    }

    /// <summary>Signing out of an OpenID Connect provider posts to the portal, which redirects to the provider: form-action must allow it.</summary>
    private static string[] FormTargets(OidcOptions oidc) =>
        new[] { oidc.Enabled ? oidc.Authority : "", oidc.LogoutBase }
            .Where(url => Uri.TryCreate(url, UriKind.Absolute, out _))
            .Select(url => new Uri(url).GetLeftPart(UriPartial.Authority))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
}

public static class SecurityHeadersComposition
{
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<HstsSettings>, HstsSettingsValidator>();
        services.AddOptions<HstsSettings>().Bind(configuration.GetSection(HstsSettings.Section)).ValidateOnStart();
        services.AddOptions<HstsOptions>().Configure<IOptions<HstsSettings>>((hsts, settings) =>
        {
            hsts.MaxAge = TimeSpan.FromDays(settings.Value.MaxAgeDays);
            hsts.IncludeSubDomains = settings.Value.IncludeSubDomains;
            hsts.Preload = settings.Value.Preload;
        });
        return services;
    }

    /// <summary>
    /// HSTS, ASP.NET Core's: on HTTPS answers only, and never for localhost (its default exclusions), so development is
    /// unaffected. Right after the forwarded headers (it needs the client's scheme), before anything that answers.
    /// </summary>
    public static IApplicationBuilder UsePortalHsts(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        return app;
    }

    /// <summary>First in the pipeline after the forwarded headers, HSTS and the catalog image fast lane (which sets the same headers itself), so every answer, errors and throttling included, carries the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this WebApplication app) => app.UseMiddleware<SecurityHeaders>();
}
