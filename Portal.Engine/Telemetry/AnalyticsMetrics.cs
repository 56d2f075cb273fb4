using System.Diagnostics.Metrics;

namespace Portal.Engine.Telemetry;

/// <summary>The lake's figures on the meter <c>Portal.Analytics</c>: export runs and query durations.</summary>
public static class AnalyticsMetrics
{
    private static readonly Meter Meter = new(PortalTelemetry.AnalyticsName);

    private static readonly Histogram<double> Export = Meter.CreateHistogram<double>("portal.analytics.export.duration", "s",
        "How long one lake export run took.");

    private static readonly Histogram<double> Query = Meter.CreateHistogram<double>("portal.analytics.query.duration", "ms",
        "How long one analytics query took, to its last row or its refusal.");

    public static void Exported(double seconds, string outcome) =>
        Export.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome));

    public static void Queried(double milliseconds, string engine, string outcome) =>
        Query.Record(milliseconds, new KeyValuePair<string, object?>("engine", engine), new KeyValuePair<string, object?>("outcome", outcome));
}
