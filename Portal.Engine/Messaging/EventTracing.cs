using System.Diagnostics;
using System.Globalization;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Telemetry;

namespace Portal.Engine.Messaging;

/// <summary>
/// Trace context through the event log, as the CloudEvents distributed-tracing extension carries it (<c>traceparent</c>,
/// <c>tracestate</c>; <c>ce_</c>-prefixed headers in the Kafka binding): the writer's span is the parent of the relay's
/// publish span, which is the parent of the span that handles the event, so an upload is one trace from its request to
/// the worker that processed it. The writer's context waits in the outbox row (<see cref="OutboxMessage.TraceParent"/>).
/// </summary>
public static class EventTracing
{
    public const string TraceParentHeader = CloudEventHeaders.TraceParent, TraceStateHeader = CloudEventHeaders.TraceState;

    /// <summary>The current span's W3C context, to store with an event written now (null when nothing is traced).</summary>
    public static string? CurrentTraceParent() =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Adds the stored context to a message's headers.</summary>
    public static void Carry(IDictionary<string, string> headers, string? traceParent)
    {
        if (!string.IsNullOrEmpty(traceParent)) headers[TraceParentHeader] = traceParent;
    }

    /// <summary>
    /// The relay's span for publishing one event, child of the span that wrote it; null when the event carries no context
    /// (an untraced writer's events make no root spans of their own) or nobody listens. It does not become
    /// <see cref="Activity.Current"/>: the relay publishes a batch of events from many traces at once.
    /// </summary>
    public static Activity? StartPublishing(string topic, string eventId, string? traceParent)
    {
        if (string.IsNullOrEmpty(traceParent) || !PortalTelemetry.Events.HasListeners()) return null;
        if (!ActivityContext.TryParse(traceParent, null, isRemote: true, out var parent)) return null;
        var current = Activity.Current;
        var activity = PortalTelemetry.Events.StartActivity($"{topic} publish", ActivityKind.Producer, parent);
        Activity.Current = current;
        activity?.SetTag("messaging.system", "portal");
        activity?.SetTag("messaging.operation.type", "send");
        activity?.SetTag("messaging.destination.name", topic);
        activity?.SetTag("messaging.message.id", eventId);
        return activity;
    }

    /// <summary>A span handling <paramref name="record"/>, child of the span that published it when the record says which.</summary>
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
        activity?.SetTag("messaging.destination.partition.id", record.Partition.ToString(CultureInfo.InvariantCulture));
        return activity;
    }
}
