using System.Text;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Events;

/// <summary>The event contracts: every type named and versioned, CloudEvents attributes through the Kafka binding and back.</summary>
public sealed class EventContractTests
{
    private static readonly DateTime At = new(2026, 12, 4, 10, 30, 15, 123, DateTimeKind.Utc);

    [Fact]
    public void Every_event_type_has_a_unique_versioned_type_in_a_known_family()
    {
        var types = EventCatalog.KnownTypes;
        Assert.Contains("portal.images.uploaded.v1", types);
        Assert.Contains("portal.orders.shipped.v1", types);
        Assert.Contains("portal.catalog.stock-changed.v1", types);
        Assert.Contains("portal.activity.search-made.v1", types);
        Assert.All(types, t => Assert.Matches(@"^portal\.(images|orders|catalog|activity)\.[a-z-]+\.v\d+$", t));
        Assert.True(types.Count >= 12);
    }

    [Fact]
    public void An_event_crosses_the_kafka_binding_with_its_attributes_key_and_data()
    {
        var uploaded = new ImageUploaded(Guid.NewGuid(), "user-1", "originals/a.jpg", 1234, new string('a', 64), "image/jpeg", "a.jpg");
        var envelope = EventEnvelope.For(uploaded, Guid.NewGuid(), At);
        var message = CloudEventHeaders.ToMessage(envelope, "portal.images");

        Assert.Equal("1.0", message.Headers[CloudEventHeaders.SpecVersion]);
        Assert.Equal("portal.images.uploaded.v1", message.Headers[CloudEventHeaders.Type]);
        Assert.Equal($"images/{uploaded.ImageId:N}", message.Headers[CloudEventHeaders.Subject]);
        Assert.Equal("application/json", message.Headers[CloudEventHeaders.ContentType]);
        Assert.Equal(uploaded.ImageId.ToString("N"), message.Key);

        var record = new LogRecord(message.Topic, 2, 7, message.Key, message.Value, message.Headers, DateTimeOffset.UnixEpoch);
        Assert.True(CloudEventHeaders.TryRead(record, EventFamilies.Images, out var read, out var problem), problem);
        Assert.Equal(envelope.Id, read!.Id);
        Assert.Equal(At, read.Time.UtcDateTime);
        Assert.True(EventCatalog.TryRead(read, out var @event, out problem), problem);
        Assert.Equal(uploaded, @event);
    }

    [Fact]
    public void An_unknown_type_or_version_is_reported_not_thrown()
    {
        var envelope = new EventEnvelope("1", "/elsewhere", "portal.images.uploaded.v99", null, DateTimeOffset.UtcNow, EventFamilies.Images, "k",
            Encoding.UTF8.GetBytes("{}"));
        Assert.False(EventCatalog.TryRead(envelope, out var @event, out var problem));
        Assert.Null(@event);
        Assert.Contains("portal.images.uploaded.v99", problem);
    }

    [Fact]
    public void Data_that_is_not_the_contracts_json_is_reported_not_thrown()
    {
        var envelope = new EventEnvelope("1", "/portal", EventCatalog.TypeOf<OrderShipped>(), null, DateTimeOffset.UtcNow, EventFamilies.Orders, "k",
            Encoding.UTF8.GetBytes("{not json"));
        Assert.False(EventCatalog.TryRead(envelope, out _, out var problem));
        Assert.Contains("not readable", problem);
    }

    [Theory]
    [InlineData("{}", "missing required properties")]
    [InlineData("{\"orderId\": 7, \"customerId\": 3, \"userId\": null}", "missing required properties")]
    [InlineData("{\"orderId\": 7, \"customerId\": 3, \"userId\": null, \"carrier\": null, \"trackingNumber\": \"T1\", \"shippedAt\": \"2026-01-01T00:00:00Z\"}", "carrier")]
    public void Json_that_parses_but_lacks_required_fields_is_reported_not_read_as_defaults(string data, string reason)
    {
        var envelope = new EventEnvelope("1", "/portal", EventCatalog.TypeOf<OrderShipped>(), null, DateTimeOffset.UtcNow, EventFamilies.Orders, "k",
            Encoding.UTF8.GetBytes(data));
        Assert.False(EventCatalog.TryRead(envelope, out var @event, out var problem));
        Assert.Null(@event);
        Assert.Contains("not readable", problem);
        Assert.Contains(reason, problem);
        // The whole event, nullable fields null, still reads.
        var whole = EventEnvelope.For(new OrderShipped(7, 3, null, "DHL", "T1", DateTime.UtcNow), Guid.NewGuid(), DateTime.UtcNow);
        Assert.True(EventCatalog.TryRead(whole, out _, out problem), problem);
    }

    [Theory]
    [InlineData(null, "ce_specversion")]
    [InlineData("ce_id", "ce_id")]
    [InlineData("ce_type", "ce_type")]
    public void A_record_without_the_cloudevents_attributes_is_reported(string? removed, string named)
    {
        var message = CloudEventHeaders.ToMessage(EventEnvelope.For(new OrderCompleted(1, 2, null, At), Guid.NewGuid(), At), "portal.orders");
        var headers = message.Headers.Where(h => h.Key != (removed ?? CloudEventHeaders.SpecVersion)).ToDictionary();
        var record = new LogRecord("portal.orders", 0, 0, message.Key, message.Value, headers, DateTimeOffset.UnixEpoch);
        Assert.False(CloudEventHeaders.TryRead(record, EventFamilies.Orders, out _, out var problem));
        Assert.Contains(named, problem);
    }

    [Fact]
    public void A_malformed_time_is_reported()
    {
        var message = CloudEventHeaders.ToMessage(EventEnvelope.For(new OrderCompleted(1, 2, null, At), Guid.NewGuid(), At), "portal.orders");
        var headers = message.Headers.ToDictionary();
        headers[CloudEventHeaders.Time] = "yesterday-ish";
        var record = new LogRecord("portal.orders", 0, 0, message.Key, message.Value, headers, DateTimeOffset.UnixEpoch);
        Assert.False(CloudEventHeaders.TryRead(record, EventFamilies.Orders, out _, out var problem));
        Assert.Contains("ce_time", problem);
    }

    [Fact]
    public void The_outbox_row_carries_the_type_key_and_subject_and_becomes_the_same_envelope()
    {
        var shipped = new OrderShipped(42, 7, "user-7", "DHL", "JJD01", At);
        var row = OutboxWriter.ToMessage(shipped, At);
        Assert.Equal(("orders", "order-42", "portal.orders.shipped.v1", "orders/42"), (row.Family, row.Key, row.Type, row.Subject));
        var envelope = OutboxWriter.Envelope(row, "/portal");
        Assert.Equal(row.EventId.ToString(), envelope.Id);
        Assert.True(EventCatalog.TryRead(envelope, out var read, out _));
        Assert.Equal(shipped, read);
    }
}
