using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Analytics.Query;
using Portal.Engine.Messaging;
using Portal.Engine.Operations;
using Portal.Engine.Telemetry;

namespace Portal.Composition.Telemetry;

/// <summary>
/// OpenTelemetry for the whole app: traces of requests, database calls (EF Core; Npgsql's own on PostgreSQL), outgoing
/// HTTP (S3, Athena, OIDC), image processing, event publish and consume, lake queries; metrics of requests, the runtime,
/// rate limiting and Portal's own meters; logs with the trace and span ids of the work they were written in.
/// Exported over OTLP only when <c>Telemetry:Otlp:Endpoint</c> is set; scraped by Prometheus only when enabled.
/// </summary>
public static class TelemetryComposition
{
    /// <summary>Meters ASP.NET Core and .NET publish that the System page and operators need.</summary>
    private static readonly string[] FrameworkMeters =
        ["Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.RateLimiting",
         "Microsoft.AspNetCore.Diagnostics", "System.Net.Http"];

    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelemetrySettings.Section);
        var settings = section.Get<TelemetrySettings>() ?? new TelemetrySettings();
        var validation = new TelemetrySettingsValidator().Validate(null, settings);
        if (validation.Failed) throw new OptionsValidationException(TelemetrySettings.Section, typeof(TelemetrySettings), validation.Failures);
        services.AddSingleton<IValidateOptions<TelemetrySettings>, TelemetrySettingsValidator>();
        services.AddOptions<TelemetrySettings>().Bind(section).ValidateOnStart();

        services.Decorate<IAnalyticsQueryEngine>(engine => new MeasuredQueryEngine(engine));
        services.AddSingleton<IValidateOptions<SamplingOptions>, SamplingOptionsValidator>();
        services.AddOptions<SamplingOptions>().Bind(configuration.GetSection(SamplingOptions.Section)).ValidateOnStart();
        services.AddSingleton<InstanceSampler>();
        services.AddSingleton<SystemFigures>();
        services.AddHostedService(sp => sp.GetRequiredService<InstanceSampler>());

        var otlp = !string.IsNullOrWhiteSpace(settings.Otlp.Endpoint);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(settings.ServiceName, serviceInstanceId: InstanceIdentity.Id))
            .WithTracing(tracing =>
            {
                tracing.AddSource(PortalTelemetry.Sources)
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsQuiet(http.Request.Path))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation()
                    .AddNpgsql();
                if (otlp) tracing.AddOtlpExporter(o => Configure(o, settings.Otlp, "v1/traces"));
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PortalTelemetry.Meters).AddMeter(FrameworkMeters).AddRuntimeInstrumentation();
                if (otlp) metrics.AddOtlpExporter(o => Configure(o, settings.Otlp, "v1/metrics"));
                if (settings.Prometheus.Enabled) metrics.AddPrometheusExporter();
            });
        if (otlp) telemetry.WithLogging(logging => logging.AddOtlpExporter(o => Configure(o, settings.Otlp, "v1/logs")));
        // Every log scope carries the trace and span ids of the activity it was written in, whatever the sink.
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        return services;
    }

    /// <summary>The Prometheus scrape endpoint, when enabled, answering only the allowed networks (404 to anyone else).</summary>
    public static WebApplication MapPortalTelemetry(this WebApplication app)
    {
        var settings = app.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value.Prometheus;
        if (!settings.Enabled) return app;
        var allowed = settings.EffectiveNetworks.Select(n => System.Net.IPNetwork.Parse(n)).ToList();
        app.UseWhen(http => http.Request.Path.Equals(settings.Path, StringComparison.OrdinalIgnoreCase),
            branch => branch.Use(async (http, next) =>
            {
                var from = http.Connection.RemoteIpAddress;
                if (from is not null && from.IsIPv4MappedToIPv6) from = from.MapToIPv4();
                if (from is null || !allowed.Any(n => n.Contains(from)))
                {
                    http.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
                await next(http);
            }));
        app.MapPrometheusScrapingEndpoint(settings.Path).AllowAnonymous();
        return app;
    }

    private static bool IsQuiet(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/_framework") || path.StartsWithSegments("/_content");

    /// <param name="signalPath">Over http/protobuf an endpoint set in code is used as it is, so each signal's path is added
    /// here (as the OTEL_EXPORTER_OTLP_ENDPOINT variable would have it); grpc takes the collector's address alone.</param>
    private static void Configure(OtlpExporterOptions options, OtlpSettings settings, string signalPath)
    {
        var grpc = settings.Protocol == "grpc";
        options.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = grpc ? new Uri(settings.Endpoint!) : new Uri(settings.Endpoint!.TrimEnd('/') + "/" + signalPath);
        if (!string.IsNullOrWhiteSpace(settings.Headers)) options.Headers = settings.Headers;
    }
}
