using System.Diagnostics.Metrics;

namespace Portal.Engine.Telemetry;

/// <summary>
/// The image handler's figures on the meter <c>Portal.Images</c>: processing time, rendition cache hits and the work budget
/// (queued and running images, waits for a slot, estimated costs, refusals; tagged <c>caller</c>). Static, like
/// the activity sources, because <see cref="Imaging.ImageProcessor"/> is made outside the container too (benchmarks, jobs).
/// </summary>
public static class ImagingMetrics
{
    private static readonly Meter Meter = new(PortalTelemetry.ImagesName);

    private static readonly Histogram<double> Processing = Meter.CreateHistogram<double>("portal.images.processing.duration", "ms",
        "How long making one rendition took (decode, edits, encode), without waiting for a slot.");

    private static readonly Counter<long> Renditions = Meter.CreateCounter<long>("portal.images.renditions", "{request}",
        "Rendition requests by whether the cache had the rendition (result = hit or miss).");

    private static readonly UpDownCounter<long> Queued = Meter.CreateUpDownCounter<long>("portal.images.budget.queued", "{request}",
        "Image requests waiting for a slot of their caller class (caller = Internal, SignedIn or Anonymous).");

    private static readonly UpDownCounter<long> Running = Meter.CreateUpDownCounter<long>("portal.images.budget.running", "{request}",
        "Images being processed, by caller class.");

    private static readonly Histogram<double> Waits = Meter.CreateHistogram<double>("portal.images.budget.wait", "ms",
        "How long a request waited for a slot of its caller class (0 when one was free), time-outs included.");

    private static readonly Histogram<double> Costs = Meter.CreateHistogram<double>("portal.images.budget.cost", "{unit}",
        "The estimated cost of each request (a unit is about 10 ms of one core), by caller class.");

    private static readonly Counter<long> Refusals = Meter.CreateCounter<long>("portal.images.budget.refusals", "{request}",
        "Requests the budget refused, by caller class and reason (too_expensive, queue_full, queue_timeout).");

    private static readonly Counter<long> FastLaneRejections = Meter.CreateCounter<long>("portal.images.fast_lane.rejections", "{request}",
        "Catalog image repeats the fast lane refused with 429 by its per-address limit (it answers before the rate limiter " +
        "middleware, whose refusals are aspnetcore.rate_limiting.requests).");

    public static void Processed(double milliseconds, string format) =>
        Processing.Record(milliseconds, new KeyValuePair<string, object?>("format", format));

    public static void CacheHit() => Renditions.Add(1, new KeyValuePair<string, object?>("result", "hit"));

    public static void CacheMiss() => Renditions.Add(1, new KeyValuePair<string, object?>("result", "miss"));

    public static void QueueChanged(string caller, int by) => Queued.Add(by, new KeyValuePair<string, object?>("caller", caller));

    public static void RunningChanged(string caller, int by) => Running.Add(by, new KeyValuePair<string, object?>("caller", caller));

    public static void Waited(string caller, double milliseconds) => Waits.Record(milliseconds, new KeyValuePair<string, object?>("caller", caller));

    public static void Estimated(string caller, double units) => Costs.Record(units, new KeyValuePair<string, object?>("caller", caller));

    public static void FastLaneRejected() => FastLaneRejections.Add(1);

    public static void Refused(string caller, string reason) =>
        Refusals.Add(1, new KeyValuePair<string, object?>("caller", caller), new KeyValuePair<string, object?>("reason", reason));
}
