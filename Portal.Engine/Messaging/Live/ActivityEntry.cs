using System.Text;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Live;

/// <summary>
/// One event as the activity view lists it: read back from the log (with its place there) or heard live. An event whose
/// type is unknown or whose data is unreadable is kept, with <see cref="Problem"/> saying why.
/// </summary>
public sealed record ActivityEntry(string Id, DateTimeOffset Time, string? Type, string? Subject, string Family, string Key,
    string Data, IIntegrationEvent? Event, string? Problem, string? Position)
{
    /// <summary>The customer the event is about (orders), when it names one.</summary>
    public int? CustomerId => Event switch
    {
        OrderPlaced e => e.CustomerId,
        OrderShipped e => e.CustomerId,
        OrderCompleted e => e.CustomerId,
        _ => null,
    };

    /// <summary>The sign-in account the event is about or was made by (a customer's, or a staff member's name for catalog edits).</summary>
    public string? UserId => Event switch
    {
        OrderPlaced e => e.UserId,
        OrderShipped e => e.UserId,
        OrderCompleted e => e.UserId,
        ImageUploaded e => e.OwnerUserId,
        ImageProcessingStarted e => e.OwnerUserId,
        ImageProcessed e => e.OwnerUserId,
        ImageDeleted e => e.OwnerUserId,
        ImageTagged e => e.OwnerUserId,
        ProductViewed e => e.UserId,
        SearchMade e => e.UserId,
        AddedToCart e => e.UserId,
        _ => null,
    };

    /// <summary>Who made a catalog change (staff), when the event says.</summary>
    public string? ChangedBy => Event is CatalogItemChanged c ? c.ChangedBy : null;

    public static ActivityEntry From(LiveEvent live) =>
        new(live.Envelope.Id, live.Envelope.Time, live.Envelope.Type, live.Envelope.Subject, live.Envelope.Family, live.Envelope.Key,
            Encoding.UTF8.GetString(live.Envelope.Data.Span), live.Event, null, null);

    public static ActivityEntry From(LogRecord record, EventsOptions events)
    {
        var (envelope, @event, problem) = EventRecords.Decode(record, events);
        var position = $"{record.TopicPartition}@{record.Offset}";
        var data = Encoding.UTF8.GetString(record.Value.Span);
        return envelope is null
            ? new(position, record.Timestamp, record.Headers.GetValueOrDefault(CloudEventHeaders.Type),
                record.Headers.GetValueOrDefault(CloudEventHeaders.Subject), events.FamilyOf(record.Topic) ?? record.Topic, record.Key,
                data, null, problem, position)
            : new(envelope.Id, envelope.Time, envelope.Type, envelope.Subject, envelope.Family, envelope.Key, data, @event, problem, position);
    }
}
