using Confluent.Kafka;

namespace Portal.Engine.Messaging.Log.Kafka;

/// <summary>The librdkafka configuration of the producer, the consumers and the admin client, from <see cref="KafkaOptions"/>.</summary>
internal static class KafkaClientConfig
{
    /// <summary>Idempotent, <c>acks=all</c>: a message is stored once, in order per partition, or the publish fails.</summary>
    public static ProducerConfig Producer(KafkaOptions options) => With(new ProducerConfig
    {
        BootstrapServers = options.BootstrapServers,
        ClientId = options.ClientId,
        Acks = Acks.All,
        EnableIdempotence = true,
        LingerMs = options.Linger.TotalMilliseconds,
        MessageTimeoutMs = (int)options.PublishTimeout.TotalMilliseconds,
        // Found out in bounded time that nobody answers (the default waits 30 s per connection attempt).
        SocketConnectionSetupTimeoutMs = (int)Math.Min(options.PublishTimeout.TotalMilliseconds, 10_000),
        Partitioner = Partitioner.Murmur2Random,
        // A publish only reads each delivery report's error: without this the client copies every message's key, value and
        // headers back from librdkafka into the report (a second copy of each message, per message).
        DeliveryReportFields = "status",
    }, options);

    /// <summary>Commits only when told (after a batch is handled), the classic group protocol (what MSK and the mock speak).</summary>
    public static ConsumerConfig Consumer(KafkaOptions options, string groupId, AutoOffsetReset reset) => With(new ConsumerConfig
    {
        BootstrapServers = options.BootstrapServers,
        ClientId = options.ClientId,
        GroupId = groupId,
        GroupProtocol = GroupProtocol.Classic,
        EnableAutoCommit = false,
        EnableAutoOffsetStore = false,
        AutoOffsetReset = reset,
        SessionTimeoutMs = (int)options.SessionTimeout.TotalMilliseconds,
        HeartbeatIntervalMs = (int)options.HeartbeatInterval.TotalMilliseconds,
        EnablePartitionEof = false,
        // Only with Events:Kafka:CreateTopics: then subscribing to a topic nobody has written yet asks the broker to create
        // it (when the broker allows that). Off by default: a typo in a topic name must not make a new topic.
        AllowAutoCreateTopics = options.CreateTopics,
    }, options);

    public static AdminClientConfig Admin(KafkaOptions options)
    {
        var config = new AdminClientConfig
        {
            BootstrapServers = options.BootstrapServers,
            ClientId = options.ClientId,
            SocketConnectionSetupTimeoutMs = (int)Math.Min(options.AdminTimeout.TotalMilliseconds, 10_000),
        };
        // As for consumers: only with Events:Kafka:CreateTopics may a live tail of a topic nobody has written yet ask the
        // broker to create it.
        config.Set("allow.auto.create.topics", options.CreateTopics ? "true" : "false");
        return With(config, options);
    }

    private static T With<T>(T config, KafkaOptions options) where T : ClientConfig
    {
        foreach (var (key, value) in options.Properties) config.Set(key, value);
        return config;
    }
}
