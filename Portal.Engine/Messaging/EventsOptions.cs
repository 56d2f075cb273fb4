using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Messaging;

public enum EventLogKind { Embedded, Kafka }

/// <summary>
/// <c>Events</c> settings: which log carries the events (the embedded one in the database by default, or Kafka) and the
/// topic each family of events travels on.
/// </summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    public EventLogKind Log { get; set; } = EventLogKind.Embedded;

    /// <summary>The CloudEvents <c>source</c> this deployment stamps on its events.</summary>
    public string Source { get; set; } = EventEnvelope.DefaultSource;

    /// <summary>Topic per event family (<see cref="EventFamilies"/>).</summary>
    public Dictionary<string, string> Topics { get; set; } = new()
    {
        [EventFamilies.Images] = "portal.images",
        [EventFamilies.Orders] = "portal.orders",
        [EventFamilies.Catalog] = "portal.catalog",
        [EventFamilies.Activity] = "portal.activity",
    };

    public string TopicOf(string family) => Topics.TryGetValue(family, out var topic) ? topic
        : throw new InvalidOperationException($"Events:Topics has no topic for the '{family}' family.");

    /// <summary>
    /// The log <c>Events:Log</c> selects (Embedded when unset). Read while registering services, before options bind, so each
    /// log's registration knows whether it is the one; a value that is neither stops start-up naming the setting.
    /// </summary>
    public static EventLogKind SelectedLog(IConfiguration configuration)
    {
        var value = configuration[$"{Section}:{nameof(Log)}"];
        if (string.IsNullOrWhiteSpace(value)) return EventLogKind.Embedded;
        return Enum.TryParse<EventLogKind>(value, ignoreCase: true, out var kind) && Enum.IsDefined(kind) ? kind
            : throw new OptionsValidationException(Section, typeof(EventsOptions),
                [$"Events:Log must be 'Embedded' or 'Kafka', not '{value}'."]);
    }

    /// <summary>The family whose topic is <paramref name="topic"/>, or null for a topic no family uses.</summary>
    public string? FamilyOf(string topic) => Topics.FirstOrDefault(p => p.Value == topic).Key;
}

public sealed class EventsOptionsValidator : IValidateOptions<EventsOptions>
{
    public ValidateOptionsResult Validate(string? name, EventsOptions options)
    {
        var errors = new List<string>();
        foreach (var family in EventFamilies.All)
            if (!options.Topics.TryGetValue(family, out var topic) || string.IsNullOrWhiteSpace(topic))
                errors.Add($"Events:Topics:{family} must name the topic of the '{family}' events.");
            else if (!System.Text.RegularExpressions.Regex.IsMatch(topic, "^[A-Za-z0-9._-]{1,249}$"))
                errors.Add($"Events:Topics:{family} '{topic}' is not a valid topic name (letters, digits, '.', '_', '-'; at most 249).");
        var duplicates = options.Topics.GroupBy(p => p.Value).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0) errors.Add($"Events:Topics gives the topic(s) {string.Join(", ", duplicates)} to more than one family.");
        if (!Uri.TryCreate(options.Source, UriKind.RelativeOrAbsolute, out _) || string.IsNullOrWhiteSpace(options.Source))
            errors.Add($"Events:Source '{options.Source}' must be a URI reference (CloudEvents 'source').");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
