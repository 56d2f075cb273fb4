using Confluent.Kafka;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

/// <summary>The delivery guarantees in the clients' configuration, and that <c>Events:Kafka:Properties</c> cannot weaken them.</summary>
public sealed class KafkaClientSettingsTests
{
    private static KafkaOptions Options(Dictionary<string, string>? properties = null) => new()
    {
        BootstrapServers = "b-1.msk.example:9098",
        Properties = properties ?? new() { ["security.protocol"] = "SASL_SSL" },
    };

    [Fact]
    public void The_producer_is_idempotent_with_acks_all()
    {
        var config = KafkaClientConfig.Producer(Options());
        Assert.Equal(Acks.All, config.Acks);
        Assert.True(config.EnableIdempotence);
        Assert.Equal("SASL_SSL", config.Get("security.protocol")); // further settings still pass through
    }

    [Fact]
    public void Consumers_commit_only_when_told()
    {
        var config = KafkaClientConfig.Consumer(Options(), "portal-worker.images-processing", AutoOffsetReset.Earliest);
        Assert.False(config.EnableAutoCommit);
        Assert.False(config.EnableAutoOffsetStore);
        Assert.Equal("portal-worker.images-processing", config.GroupId);
    }

    [Theory]
    [InlineData("enable.idempotence", "false")]
    [InlineData("acks", "1")]
    [InlineData("request.required.acks", "0")]
    [InlineData("Enable.Auto.Commit", "true")]
    [InlineData("enable.auto.offset.store", "true")]
    public void Properties_may_not_override_a_delivery_guarantee(string key, string value)
    {
        var result = new KafkaOptionsValidator().Validate(null, Options(new() { [key] = value }));
        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith($"Events:Kafka:Properties:{key} may not be set"));
    }

    [Fact]
    public void Other_properties_are_accepted()
    {
        var result = new KafkaOptionsValidator().Validate(null, Options(new()
        {
            ["security.protocol"] = "SASL_SSL", ["sasl.mechanism"] = "AWS_MSK_IAM", ["allow.auto.create.topics"] = "true",
        }));
        Assert.True(result.Succeeded, string.Join("; ", result.Failures ?? []));
    }
}
