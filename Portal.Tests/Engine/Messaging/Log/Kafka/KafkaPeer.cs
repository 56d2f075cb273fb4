using Portal.Engine.Messaging.Log.Kafka;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

/// <summary>
/// The loopback Kafka-protocol cluster of scripts/peers/kafka.sh (PORTAL_TEST_KAFKA): skips on a developer machine
/// without it, fails under CI=true. Topics are made on first use with 4 partitions, so each test uses its own topics.
/// </summary>
public static class KafkaPeer
{
    public const string Variable = "PORTAL_TEST_KAFKA";

    public static string Require() => PeerRequirement.Require(Variable, "A Kafka-protocol cluster (librdkafka's mock)");

    /// <summary>Settings for the mock: a short session (the mock waits about that long to rebalance), topics not created but
    /// auto-created on first use.</summary>
    public static KafkaOptions Options(string bootstrapServers, TimeSpan? publishTimeout = null) => new()
    {
        BootstrapServers = bootstrapServers,
        ClientId = "portal-tests",
        CreateTopics = false,
        SessionTimeout = TimeSpan.FromSeconds(6),
        HeartbeatInterval = TimeSpan.FromSeconds(1),
        PublishTimeout = publishTimeout ?? TimeSpan.FromSeconds(20),
        AdminTimeout = TimeSpan.FromSeconds(20),
        Linger = TimeSpan.FromMilliseconds(1),
        // The mock has no CreateTopics (so CreateTopics stays off) and makes a topic only when a client asks for it by
        // metadata: tests that subscribe to a topic nobody has written yet need allow.auto.create.topics, which the app
        // sets only with Events:Kafka:CreateTopics. A real cluster gets its topics made up front instead.
        Properties = { ["allow.auto.create.topics"] = "true" },
    };

    public static string NewName(string prefix) => $"{prefix}.{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
