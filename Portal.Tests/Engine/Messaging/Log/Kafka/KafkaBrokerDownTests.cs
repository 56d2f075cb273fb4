using System.Text;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

/// <summary>
/// The broker goes away and comes back (a private in-process mock cluster, so the shared peer is not disturbed): a publish
/// fails with <see cref="EventLogUnavailableException"/> once its timeout passes instead of hanging, a consumer polls on
/// through the outage, and both carry on when the brokers return.
/// </summary>
public sealed class KafkaBrokerDownTests
{
    [Fact]
    public async Task Publish_fails_in_bounded_time_while_brokers_are_down_and_consumers_continue_when_they_return()
    {
        using var cluster = new MockKafkaCluster();
        cluster.CreateTopic("down.orders", 4);
        using var log = new KafkaEventLog(Options.Create(KafkaPeer.Options(cluster.BootstrapServers, publishTimeout: TimeSpan.FromSeconds(3))));
        await log.PublishAsync([KafkaEventLogTests.Message("down.orders", "k", "before")]);
        await using var consumer = log.Subscribe(new ConsumerSettings("down-group", ["down.orders"]));
        var before = Assert.Single(await KafkaTestPolling.UntilAsync(consumer, 1));
        Assert.True(await consumer.CommitAsync(new Dictionary<TopicPartition, long> { [before.TopicPartition] = before.Offset + 1 }));

        cluster.Down();
        // The guard only keeps a broken build from hanging the run; the publish itself gives up after its 3 s timeout.
        var failure = await Assert.ThrowsAsync<EventLogUnavailableException>(() =>
            log.PublishAsync([KafkaEventLogTests.Message("down.orders", "k", "while down")]).WaitAsync(TimeSpan.FromMinutes(2)));
        Assert.Contains("Kafka is unavailable", failure.Message);
        Assert.Empty(await consumer.PollAsync(10, TimeSpan.FromSeconds(1)));

        cluster.Up();
        // What a relay does: publish again until the log takes it (the client reconnects with back-off).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await log.PublishAsync(new[] { "k1", "k2", "k3" }.Select(v => KafkaEventLogTests.Message("down.orders", "k", v)).ToList());
                break;
            }
            catch (EventLogUnavailableException) when (attempt < 20)
            {
            }
        }
        var after = await KafkaTestPolling.UntilAsync(consumer, 3);
        var values = after.Select(r => Encoding.UTF8.GetString(r.Value.Span)).ToList();
        // A publish that timed out may still have reached the log (the interface says so); the retried ones come in order.
        Assert.Equal(["k1", "k2", "k3"], values.Where(v => v != "while down").ToList());
    }
}
