using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Engine.Messaging.Events;

/// <summary>
/// Every event type the system knows, by CloudEvents <c>type</c> (which includes its version). A consumer that meets a
/// type or version it does not know gets <c>false</c> from <see cref="TryRead"/>: it keeps and reports the event, never crashes.
/// </summary>
public static class EventCatalog
{
    /// <summary>
    /// Every constructor parameter of an event is required and a non-nullable one may not be null: data that parses but lacks
    /// them (e.g. <c>{}</c>) is malformed and goes to the dead letters, rather than becoming an event of defaults.
    /// </summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    private static readonly Dictionary<Type, EventTypeAttribute> ByClrType = typeof(IIntegrationEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToDictionary(t => t, t => t.GetCustomAttribute<EventTypeAttribute>()
            ?? throw new InvalidOperationException($"Event {t.Name} has no [EventType]."));

    private static readonly Dictionary<string, Type> ByTypeName = ByClrType.ToDictionary(p => p.Value.Type, p => p.Key);

    public static IReadOnlyCollection<string> KnownTypes => ByTypeName.Keys;

    public static EventTypeAttribute Describe(IIntegrationEvent @event) => Describe(@event.GetType());

    public static EventTypeAttribute Describe(Type eventType) =>
        ByClrType.TryGetValue(eventType, out var described) ? described
            : throw new ArgumentException($"{eventType.Name} is not a known integration event.", nameof(eventType));

    public static string TypeOf<T>() where T : IIntegrationEvent => Describe(typeof(T)).Type;

    public static byte[] Serialize(IIntegrationEvent @event) => JsonSerializer.SerializeToUtf8Bytes(@event, @event.GetType(), Json);

    /// <summary>The event in <paramref name="envelope"/>, or false with the reason when its type is unknown or its data unreadable.</summary>
    public static bool TryRead(EventEnvelope envelope, out IIntegrationEvent? @event, out string? problem)
    {
        @event = null;
        if (!ByTypeName.TryGetValue(envelope.Type, out var type))
        {
            problem = $"Unknown event type or version '{envelope.Type}'.";
            return false;
        }
        try
        {
            @event = (IIntegrationEvent?)JsonSerializer.Deserialize(envelope.Data.Span, type, Json);
            problem = @event is null ? $"The data of {envelope.Type} event {envelope.Id} is null." : null;
            return @event is not null;
        }
        catch (JsonException e)
        {
            problem = $"The data of {envelope.Type} event {envelope.Id} is not readable: {e.Message}";
            return false;
        }
    }
}
