using Microsoft.AspNetCore.Components.Server.Circuits;
using Portal.Engine.Auditing;

namespace Portal.Composition;

/// <summary>
/// Makes the client's address and user agent the current <see cref="AuditOrigin"/>: for each request (after the
/// forwarded headers are applied, so behind the load balancer it is the client's, not the balancer's) and for each
/// activity of a Blazor circuit (taken from the circuit's own connection when it opened).
/// </summary>
public static class AuditOrigins
{
    public static IServiceCollection AddAuditOrigins(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, CircuitOrigin>();
        return services;
    }

    public static IApplicationBuilder UseAuditOrigins(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        using (AuditOrigin.Use(Of(context))) await next(context);
    });

    public static AuditOrigin Of(HttpContext context) =>
        new(context.Connection.RemoteIpAddress?.ToString(), context.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null);

    /// <summary>Created with the circuit, while its connection's request is at hand.</summary>
    private sealed class CircuitOrigin(IHttpContextAccessor accessor) : CircuitHandler
    {
        private readonly AuditOrigin? _origin = accessor.HttpContext is { } context ? Of(context) : null;

        public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
            async activity =>
            {
                using (AuditOrigin.Use(_origin ?? AuditOrigin.Current)) await next(activity);
            };
    }
}
