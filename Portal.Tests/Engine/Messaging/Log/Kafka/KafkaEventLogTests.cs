using System.Text;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

/// <summary>What is particular to Kafka (the contract suite covers the rest): the CloudEvents binding as real Kafka headers,
/// per-key order over a cluster's partitions, commits that survive the member, and the group's figures from the broker.</summary>
public sealed class KafkaEventLogTests : IDisposable
{
    private KafkaEventLog? log;

    private KafkaEventLog Log() => log ??= new KafkaEventLog(Options.Create(KafkaPeer.Options(KafkaPeer.Require())));

    public void Dispose() => log?.Dispose();

    [SkippableFact]
    public async Task A_cloud_event_travels_as_key_ce_headers_and_json_value()
    {
        var topic = KafkaPeer.NewName("test.orders");
        var placed = new OrderPlaced(42, 7, "user-7", 19.90m, "EUR", 1200, "standard", new DateTime(2026, 12, 4, 20, 0, 0, DateTimeKind.Utc), []);
        var envelope = EventEnvelope.For(placed, Guid.NewGuid(), placed.PlacedAt);
        await Log().PublishAsync([CloudEventHeaders.ToMessage(envelope, topic)]);

        await using var consumer = Log().Subscribe(new ConsumerSettings(KafkaPeer.NewName("g"), [topic]));
        var record = (await KafkaTestPolling.UntilAsync(consumer, 1)).Single();
        Assert.Equal("order-42", record.Key);
        Assert.True(CloudEventHeaders.TryRead(record, EventFamilies.Orders, out var read, out var problem), problem);
        Assert.Equal(envelope.Id, read!.Id);
        Assert.Equal(envelope.Type, read.Type);
        Assert.Equal("orders/42", read.Subject);
        Assert.Equal(envelope.Time, read.Time);
        Assert.Equal(envelope.Data.ToArray(), read.Data.ToArray());
        Assert.Equal(EventEnvelope.Json, record.Headers[CloudEventHeaders.ContentType]);
    }

    [SkippableFact]
    public async Task Messages_of_one_key_stay_in_order_on_one_partition()
    {
        var topic = KafkaPeer.NewName("test.order");
        var messages = Enumerable.Range(0, 400).Select(i => Message(topic, $"key-{i % 8}", $"{i % 8}:{i / 8}")).ToList();
        foreach (var chunk in messages.Chunk(100)) await Log().PublishAsync(chunk);

        await using var consumer = Log().Subscribe(new ConsumerSettings(KafkaPeer.NewName("g"), [topic]));
        var records = await KafkaTestPolling.UntilAsync(consumer, 400);
        Assert.Equal(400, records.Count);
        foreach (var key in records.GroupBy(r => r.Key))
        {
            Assert.Single(key.Select(r => r.Partition).Distinct());
            Assert.Equal(Enumerable.Range(0, 50).ToList(), key.Select(r => int.Parse(Encoding.UTF8.GetString(r.Value.Span).Split(':')[1])).ToList());
        }
        Assert.True(records.Select(r => r.Partition).Distinct().Count() > 1, "8 keys over 4 partitions should use more than one");
    }

    [SkippableFact]
    public async Task A_new_member_resumes_after_the_commit_and_describe_shows_end_committed_and_lag()
    {
        var topic = KafkaPeer.NewName("test.resume");
        var group = KafkaPeer.NewName("g");
        await Log().PublishAsync(Enumerable.Range(0, 10).Select(i => Message(topic, "one-key", $"m{i}")).ToList());

        await using (var first = Log().Subscribe(new ConsumerSettings(group, [topic])))
        {
            var records = await KafkaTestPolling.UntilAsync(first, 10);
            var handled = records.Take(6).ToList();
            Assert.True(await first.CommitAsync(new Dictionary<TopicPartition, long> { [handled[^1].TopicPartition] = handled[^1].Offset + 1 }));
        }

        var states = await Log().DescribeAsync(group, [topic]);
        Assert.Equal(4, states.Count);
        var used = Assert.Single(states, s => s.EndOffset > 0);
        Assert.Equal(10, used.EndOffset);
        Assert.Equal(6, used.CommittedOffset);
        Assert.Equal(4, used.Lag);
        Assert.All(states.Where(s => s.EndOffset == 0), s => Assert.Null(s.CommittedOffset));

        await using var second = Log().Subscribe(new ConsumerSettings(group, [topic]));
        var rest = await KafkaTestPolling.UntilAsync(second, 4);
        Assert.Equal(["m6", "m7", "m8", "m9"], rest.Select(r => Encoding.UTF8.GetString(r.Value.Span)).ToList());
    }

    [SkippableFact]
    public async Task A_groupless_tail_from_latest_sees_only_later_messages_also_of_a_topic_not_written_yet_and_does_not_commit()
    {
        var topic = KafkaPeer.NewName("test.tail");
        var fresh = KafkaPeer.NewName("test.fresh");
        await Log().PublishAsync([Message(topic, "a", "before")]);
        await using var tail = Log().Subscribe(new ConsumerSettings(null, [topic, fresh], StartingPosition.Latest));
        Assert.Equal(8, tail.Assignment.Count);

        await Log().PublishAsync([Message(topic, "a", "after"), Message(topic, "b", "after too"), Message(fresh, "c", "first")]);
        var records = await KafkaTestPolling.UntilAsync(tail, 3);
        Assert.Equal(["after", "after too", "first"], records.Select(r => Encoding.UTF8.GetString(r.Value.Span)).Order().ToList());
        Assert.False(await tail.CommitAsync(new Dictionary<TopicPartition, long> { [records[0].TopicPartition] = records[0].Offset + 1 }));
    }

    [Fact]
    public void The_validator_names_each_wrong_setting()
    {
        var result = new KafkaOptionsValidator().Validate(null, new KafkaOptions
        {
            BootstrapServers = "broker-1:9092,broker-2",
            Partitions = 0,
            SessionTimeout = TimeSpan.FromSeconds(6),
            HeartbeatInterval = TimeSpan.FromSeconds(3),
            PublishTimeout = TimeSpan.Zero,
        });
        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.Contains("Events:Kafka:BootstrapServers entry 'broker-2'"));
        Assert.Contains(failures, f => f.Contains("Events:Kafka:Partitions"));
        Assert.Contains(failures, f => f.Contains("Events:Kafka:HeartbeatInterval"));
        Assert.Contains(failures, f => f.Contains("Events:Kafka:PublishTimeout"));
        Assert.True(new KafkaOptionsValidator().Validate(null, new KafkaOptions { BootstrapServers = "b-1.msk.example:9098" }).Succeeded);
    }

    internal static LogMessage Message(string topic, string key, string value) =>
        new(topic, key, Encoding.UTF8.GetBytes(value), new Dictionary<string, string> { ["test"] = value });
}
