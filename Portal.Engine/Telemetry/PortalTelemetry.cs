using System.Diagnostics;

namespace Portal.Engine.Telemetry;

/// <summary>
/// The names under which Portal's own traces and metrics appear, so the host's OpenTelemetry set-up (and tests) listen to
/// exactly these. The activity sources are static: an <see cref="ActivitySource"/> without a listener costs one check.
/// </summary>
public static class PortalTelemetry
{
    public const string ImagesName = "Portal.Images";
    public const string EventsName = "Portal.Events";
    public const string AnalyticsName = "Portal.Analytics";

    public static readonly ActivitySource Images = new(ImagesName);
    public static readonly ActivitySource Events = new(EventsName);
    public static readonly ActivitySource Analytics = new(AnalyticsName);

    /// <summary>Every activity source of Portal's own work.</summary>
    public static readonly string[] Sources = [ImagesName, EventsName, AnalyticsName];

    /// <summary>Every meter of Portal's own figures (the pipeline's meter included).</summary>
    public static readonly string[] Meters = [ImagesName, EventsName, AnalyticsName];
}
