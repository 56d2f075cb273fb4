using Portal.Tests.Infrastructure;

namespace Portal.Tests.Composition.Telemetry;

/// <summary>A wrong telemetry setting stops start-up naming it; the defaults export nothing.</summary>
public sealed class TelemetrySettingsTests
{
    [Theory]
    [InlineData("Telemetry:Otlp:Endpoint", "otel-collector:4318", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Endpoint", "ftp://collector", "Telemetry:Otlp:Endpoint")]
    [InlineData("Telemetry:Otlp:Protocol", "thrift", "Telemetry:Otlp:Protocol")]
    [InlineData("Telemetry:Otlp:Headers", "no-equals-sign", "Telemetry:Otlp:Headers")]
    [InlineData("Telemetry:Prometheus:Path", "metrics", "Telemetry:Prometheus:Path")]
    [InlineData("Telemetry:Prometheus:AllowedNetworks:0", "10.0.0.0/99", "Telemetry:Prometheus:AllowedNetworks:0")]
    [InlineData("Telemetry:ServiceName", " ", "Telemetry:ServiceName")]
    [InlineData("Telemetry:Sampling:Interval", "00:00:00", "Telemetry:Sampling:Interval")]
    [InlineData("Telemetry:Sampling:Retention", "00:00:30", "Telemetry:Sampling:Retention")]
    public void Wrong_setting_stops_start_up_naming_it(string key, string value, string named)
    {
        using var factory = new PortalAppFactory(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var validation = StartupFailure.ValidationErrorIn(error);
        Assert.NotNull(validation);
        Assert.Contains(named, validation.Message);
    }
}
