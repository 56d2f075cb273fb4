using System.Diagnostics.Metrics;

namespace Portal.Engine.Telemetry;

/// <summary>
/// The image handler's figures on the meter <c>Portal.Images</c>: processing time and rendition cache hits. Static, like
/// the activity sources, because <see cref="Imaging.ImageProcessor"/> is made outside the container too (benchmarks, jobs).
/// </summary>
public static class ImagingMetrics
{
    private static readonly Meter Meter = new(PortalTelemetry.ImagesName);

    private static readonly Histogram<double> Processing = Meter.CreateHistogram<double>("portal.images.processing.duration", "ms",
        "How long making one rendition took (decode, edits, encode), without waiting for a slot.");

    private static readonly Counter<long> Renditions = Meter.CreateCounter<long>("portal.images.renditions", "{request}",
        "Rendition requests by whether the cache had the rendition (result = hit or miss).");

    public static void Processed(double milliseconds, string format) =>
        Processing.Record(milliseconds, new KeyValuePair<string, object?>("format", format));

    public static void CacheHit() => Renditions.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    public static void CacheMiss() => Renditions.Add(1, new KeyValuePair<string, object?>("result", "miss"));
}
