using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Log.Kafka;

/// <summary>
/// <c>Events:Kafka</c> settings, used when <c>Events:Log</c> is <c>Kafka</c>: where the brokers are and how the producer and
/// the consumers behave. The defaults suit a real cluster (e.g. Amazon MSK); tests against the mock cluster shorten the
/// session timeout and leave <see cref="CreateTopics"/> off (the mock creates topics on first use and has no CreateTopics).
/// </summary>
public sealed class KafkaOptions
{
    public const string Section = "Events:Kafka";

    /// <summary>Comma-separated <c>host:port</c> list of brokers to bootstrap from.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>The client id brokers see in their logs and quotas.</summary>
    public string ClientId { get; set; } = "portal";

    /// <summary>Create missing topics (with <see cref="Partitions"/> and <see cref="ReplicationFactor"/>) before first use.</summary>
    public bool CreateTopics { get; set; }

    public int Partitions { get; set; } = 6;

    public short ReplicationFactor { get; set; } = 3;

    /// <summary>
    /// How long a publish may take before it fails with <see cref="EventLogUnavailableException"/> (librdkafka's
    /// <c>message.timeout.ms</c>: the broker may be down or unreachable for this long before the caller hears of it).
    /// </summary>
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the producer waits to fill a batch (<c>linger.ms</c>).</summary>
    public TimeSpan Linger { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>How long a consumer may be silent before the group gives its partitions to others (<c>session.timeout.ms</c>).</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often a consumer tells the group it is alive; at most a third of <see cref="SessionTimeout"/>.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How long an admin call (describe, topic creation) may take.</summary>
    public TimeSpan AdminTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Further librdkafka settings for every client, e.g. <c>security.protocol</c>, <c>sasl.mechanism</c>,
    /// <c>ssl.ca.location</c> (see librdkafka's CONFIGURATION.md). They override what the settings above derive, except the
    /// delivery guarantees (<see cref="KafkaOptionsValidator.Guaranteed"/>: idempotence, acks, auto-commit), which start-up refuses.
    /// </summary>
    public Dictionary<string, string> Properties { get; set; } = new();
}

public sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaOptions options)
    {
        var errors = new List<string>();
        var servers = options.BootstrapServers.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (servers.Length == 0)
            errors.Add("Events:Kafka:BootstrapServers must list the brokers as host:port[,host:port...].");
        foreach (var server in servers)
        {
            var colon = server.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(server[(colon + 1)..], out var port) || port is < 1 or > 65535)
                errors.Add($"Events:Kafka:BootstrapServers entry '{server}' is not host:port.");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId)) errors.Add("Events:Kafka:ClientId must not be empty.");
        if (options.Partitions is < 1 or > 10_000) errors.Add($"Events:Kafka:Partitions {options.Partitions} must be 1 to 10000.");
        if (options.ReplicationFactor is < 1 or > 100) errors.Add($"Events:Kafka:ReplicationFactor {options.ReplicationFactor} must be 1 to 100.");
        Within(errors, "PublishTimeout", options.PublishTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Within(errors, "Linger", options.Linger, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Within(errors, "SessionTimeout", options.SessionTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(30));
        Within(errors, "AdminTimeout", options.AdminTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        if (options.HeartbeatInterval <= TimeSpan.Zero || options.HeartbeatInterval > options.SessionTimeout / 3)
            errors.Add($"Events:Kafka:HeartbeatInterval {options.HeartbeatInterval} must be positive and at most a third of SessionTimeout ({options.SessionTimeout}).");
        foreach (var key in options.Properties.Keys.Where(k => string.IsNullOrWhiteSpace(k)))
            errors.Add("Events:Kafka:Properties has an empty key.");
        foreach (var key in options.Properties.Keys.Where(k => Guaranteed.Contains(k.Trim())))
            errors.Add($"Events:Kafka:Properties:{key} may not be set: the producer is always idempotent with acks=all and consumers "
                + "commit only after a batch is handled (the delivery guarantees depend on it).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>librdkafka settings (and their aliases) the delivery guarantees rest on, so <c>Properties</c> may not change them.</summary>
    public static readonly IReadOnlySet<string> Guaranteed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "enable.idempotence", "acks", "request.required.acks", "enable.auto.commit", "enable.auto.offset.store",
    };

    private static void Within(List<string> errors, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max) errors.Add($"Events:Kafka:{setting} {value} must be from {min} to {max}.");
    }
}
