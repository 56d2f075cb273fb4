using System.Diagnostics;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Telemetry;

namespace Portal.Engine.Messaging;

/// <summary>
/// Trace context through the event log, as the CloudEvents distributed-tracing extension carries it (<c>traceparent</c>,
/// <c>tracestate</c>; <c>ce_</c>-prefixed headers in the Kafka binding): the writer's span is the parent of the span that
/// handles the event, so an upload is one trace from its request to the worker that processed it.
/// </summary>
public static class EventTracing
{
    public const string TraceParentHeader = "ce_traceparent", TraceStateHeader = "ce_tracestate";

    /// <summary>The current span's W3C context, to store with an event written now (null when nothing is traced).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Adds the stored context to a message's headers.</summary>
    public static void Carry(IDictionary<string, string> headers, string? traceParent)
    {
        if (!string.IsNullOrEmpty(traceParent)) headers[TraceParentHeader] = traceParent;
    }

    /// <summary>A span handling <paramref name="record"/>, child of the span that wrote it when the record says which.</summary>
    public static Activity? StartHandling(LogRecord record, string? handler = null)
    {
        if (!PortalTelemetry.Events.HasListeners()) return null;
        record.Headers.TryGetValue(TraceParentHeader, out var parent);
        record.Headers.TryGetValue(TraceStateHeader, out var state);
        ActivityContext.TryParse(parent, state, isRemote: true, out var context);
        var activity = PortalTelemetry.Events.StartActivity($"{record.Topic} process", ActivityKind.Consumer, context);
        activity?.SetTag("messaging.system", "portal");
        activity?.SetTag("messaging.destination.name", record.Topic);
        if (handler is not null) activity?.SetTag("messaging.consumer.group.name", handler);
        activity?.SetTag("messaging.kafka.offset", record.Offset);
        activity?.SetTag("messaging.destination.partition.id", record.Partition.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return activity;
    }
}
