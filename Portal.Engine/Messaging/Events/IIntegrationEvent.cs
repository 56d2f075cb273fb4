using System.Text.Json.Serialization;

namespace Portal.Engine.Messaging.Events;

/// <summary>
/// A fact about one aggregate that other parts of the system react to. Every event type carries an
/// <see cref="EventTypeAttribute"/> that names its family (the topic it travels on), its name and its version.
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>The aggregate's id: the log's partition key, so events about one aggregate keep their order.</summary>
    [JsonIgnore] string AggregateKey { get; }

    /// <summary>The CloudEvents <c>subject</c>: what the event is about, e.g. <c>images/6f1c…</c>.</summary>
    [JsonIgnore] string Subject { get; }
}

/// <summary>Names an event type: <c>portal.{family}.{name}.v{version}</c> is its CloudEvents <c>type</c>.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string family, string name, int version) : Attribute
{
    public string Family { get; } = family;
    public string Name { get; } = name;
    public int Version { get; } = version;
    public string Type => $"portal.{Family}.{Name}.v{Version}";
}

/// <summary>The families of events; each travels on its own topic (named in <see cref="EventsOptions.Topics"/>).</summary>
public static class EventFamilies
{
    public const string Images = "images";
    public const string Orders = "orders";
    public const string Catalog = "catalog";
    /// <summary>The storefront's streaming data (views, searches, cart adds): written without a transaction.</summary>
    public const string Activity = "activity";

    public static readonly IReadOnlyList<string> All = [Images, Orders, Catalog, Activity];
}
