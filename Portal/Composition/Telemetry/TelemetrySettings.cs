using Microsoft.Extensions.Options;

namespace Portal.Composition.Telemetry;

/// <summary>
/// Settings under <c>Telemetry</c>. Nothing leaves the process by default: OTLP export starts when
/// <c>Telemetry:Otlp:Endpoint</c> is set, the Prometheus scrape endpoint when <c>Telemetry:Prometheus:Enabled</c> is true
/// (and then answers only the networks listed, loopback by default, never the public).
/// </summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>The service name on every span, metric and log record (<c>service.name</c>).</summary>
    public string ServiceName { get; set; } = "portal";
    public OtlpSettings Otlp { get; set; } = new();
    public PrometheusSettings Prometheus { get; set; } = new();
}

public sealed class OtlpSettings
{
    /// <summary>The collector, e.g. <c>http://otel-collector:4318</c> (http/protobuf) or <c>http://otel-collector:4317</c> (grpc); empty: no export.</summary>
    public string? Endpoint { get; set; }
    /// <summary><c>http/protobuf</c> (default) or <c>grpc</c>.</summary>
    public string Protocol { get; set; } = "http/protobuf";
    /// <summary>Extra headers for the collector, as OTEL_EXPORTER_OTLP_HEADERS: <c>key1=value1,key2=value2</c>.</summary>
    public string? Headers { get; set; }
}

public sealed class PrometheusSettings
{
    public bool Enabled { get; set; }
    public string Path { get; set; } = "/metrics";
    /// <summary>CIDR ranges allowed to scrape (after forwarded headers); none set means loopback only.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>Loopback when nothing is listed (a list default would be appended to by configuration, not replaced).</summary>
    public IReadOnlyList<string> EffectiveNetworks => AllowedNetworks.Count > 0 ? AllowedNetworks : ["127.0.0.0/8", "::1/128"];
}

public sealed class TelemetrySettingsValidator : IValidateOptions<TelemetrySettings>
{
    public ValidateOptionsResult Validate(string? name, TelemetrySettings settings)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(settings.ServiceName))
            failures.Add("Telemetry:ServiceName must not be empty.");
        if (!string.IsNullOrWhiteSpace(settings.Otlp.Endpoint)
            && !(Uri.TryCreate(settings.Otlp.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            failures.Add($"Telemetry:Otlp:Endpoint '{settings.Otlp.Endpoint}' is not an http(s) URL such as http://otel-collector:4318.");
        if (settings.Otlp.Protocol is not ("http/protobuf" or "grpc"))
            failures.Add($"Telemetry:Otlp:Protocol '{settings.Otlp.Protocol}' must be http/protobuf or grpc.");
        if (!string.IsNullOrWhiteSpace(settings.Otlp.Headers)
            && settings.Otlp.Headers.Split(',').Any(h => h.IndexOf('=') is <= 0))
            failures.Add("Telemetry:Otlp:Headers must be key=value pairs separated by commas.");
        if (!settings.Prometheus.Path.StartsWith('/') || settings.Prometheus.Path.Length < 2)
            failures.Add($"Telemetry:Prometheus:Path '{settings.Prometheus.Path}' must be a path such as /metrics.");
        for (var i = 0; i < settings.Prometheus.AllowedNetworks.Count; i++)
            if (!System.Net.IPNetwork.TryParse(settings.Prometheus.AllowedNetworks[i], out _))
                failures.Add($"Telemetry:Prometheus:AllowedNetworks:{i} '{settings.Prometheus.AllowedNetworks[i]}' is not a CIDR range such as 10.0.0.0/16.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
