using System.Globalization;
using CloudNative.CloudEvents;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Events;

/// <summary>
/// The CloudEvents Kafka protocol binding, binary mode: attributes in <c>ce_*</c> headers, the data as the message value,
/// <c>content-type</c> as a header, the partition key as the message key. The same mapping serves the embedded log.
/// </summary>
public static class CloudEventHeaders
{
    public const string Id = "ce_id", Source = "ce_source", Type = "ce_type", SpecVersion = "ce_specversion",
        Subject = "ce_subject", Time = "ce_time", ContentType = "content-type";

    /// <summary>The CloudEvents distributed-tracing extension's <c>traceparent</c> attribute, as the Kafka binding names its header.</summary>
    public const string TraceParent = "ce_traceparent", TraceState = "ce_tracestate";

    /// <param name="traceParent">The W3C context to carry (<see cref="TraceParent"/>), when the event was written in a traced span.</param>
    public static LogMessage ToMessage(EventEnvelope envelope, string topic, string? traceParent = null)
    {
        var headers = new Dictionary<string, string>
        {
            [SpecVersion] = CloudEventsSpecVersion.V1_0.VersionId,
            [Id] = envelope.Id,
            [Source] = envelope.Source,
            [Type] = envelope.Type,
            [Time] = envelope.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
            [ContentType] = envelope.DataContentType,
        };
        if (envelope.Subject is not null) headers[Subject] = envelope.Subject;
        if (!string.IsNullOrEmpty(traceParent)) headers[TraceParent] = traceParent;
        return new LogMessage(topic, envelope.Key, envelope.Data, headers);
    }

    /// <summary>
    /// The envelope of a record, or false with the reason when it is not a CloudEvent this binding can read (missing or
    /// malformed attributes). Whether its type is known is <see cref="EventCatalog.TryRead"/>'s question.
    /// </summary>
    public static bool TryRead(LogRecord record, string family, out EventEnvelope? envelope, out string? problem)
    {
        envelope = null;
        var h = record.Headers;
        if (!h.TryGetValue(SpecVersion, out var version) || CloudEventsSpecVersion.FromVersionId(version) is null)
            return Fail($"Record {record.TopicPartition}@{record.Offset} has no CloudEvents 1.0 '{SpecVersion}' header.", out problem);
        if (!h.TryGetValue(Id, out var id) || string.IsNullOrEmpty(id))
            return Fail($"Record {record.TopicPartition}@{record.Offset} has no '{Id}'.", out problem);
        if (!h.TryGetValue(Source, out var source) || !Uri.TryCreate(source, UriKind.RelativeOrAbsolute, out _))
            return Fail($"Record {record.TopicPartition}@{record.Offset} has no valid '{Source}'.", out problem);
        if (!h.TryGetValue(Type, out var type) || string.IsNullOrEmpty(type))
            return Fail($"Record {record.TopicPartition}@{record.Offset} has no '{Type}'.", out problem);
        var time = record.Timestamp;
        if (h.TryGetValue(Time, out var timeText) && !DateTimeOffset.TryParse(timeText, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
            return Fail($"Record {record.TopicPartition}@{record.Offset} has a malformed '{Time}': '{timeText}'.", out problem);
        h.TryGetValue(Subject, out var subject);
        var contentType = h.TryGetValue(ContentType, out var ct) ? ct : EventEnvelope.Json;
        envelope = new EventEnvelope(id, source, type, subject, time, family, record.Key, record.Value, contentType);
        problem = null;
        return true;
    }

    private static bool Fail(string reason, out string? problem)
    {
        problem = reason;
        return false;
    }
}
