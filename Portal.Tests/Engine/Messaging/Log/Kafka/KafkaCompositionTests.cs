using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

public sealed class KafkaCompositionTests
{
    private static ServiceProvider Compose(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddKafkaEventLog(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Events_log_Kafka_makes_the_Kafka_log_the_event_log()
    {
        using var services = Compose(new() { ["Events:Log"] = "kafka", ["Events:Kafka:BootstrapServers"] = "b-1.example:9092,b-2.example:9092" });
        Assert.IsType<KafkaEventLog>(services.GetRequiredService<IEventLog>());
        Assert.Equal("b-1.example:9092,b-2.example:9092", services.GetRequiredService<IOptions<KafkaOptions>>().Value.BootstrapServers);
    }

    [Fact]
    public void Without_Events_log_Kafka_nothing_is_registered()
    {
        using var services = Compose(new() { ["Events:Kafka:BootstrapServers"] = "b-1.example:9092" });
        Assert.Null(services.GetService<IEventLog>());
    }

    [Fact]
    public void A_missing_bootstrap_list_fails_naming_the_setting()
    {
        using var services = Compose(new() { ["Events:Log"] = "Kafka" });
        var failure = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KafkaOptions>>().Value);
        Assert.Contains("Events:Kafka:BootstrapServers", failure.Message);
    }

    [Fact]
    public void The_producer_is_idempotent_with_acks_all_and_its_reports_carry_only_the_status()
    {
        var config = KafkaClientConfig.Producer(new KafkaOptions { BootstrapServers = "b-1.example:9092" });
        Assert.True(config.EnableIdempotence);
        Assert.Equal(Acks.All, config.Acks);
        // The relay reads only each report's error; the key, value and headers are not copied back per message.
        Assert.Equal("status", config.DeliveryReportFields);
    }
}
