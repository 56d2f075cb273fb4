using Confluent.Kafka;

namespace Portal.Bench.Events;

/// <summary>
/// Part (a): the Confluent.Kafka client alone, with the settings the portal's Kafka log uses (idempotent producer,
/// acks=all, linger 5 ms, key = aggregate id; a consumer group with manual commits), consumer and producer at once:
/// the consumer joins first, then the producer sends everything; done when the consumer has all and committed.
/// </summary>
public sealed class RawKafkaScenario : IEventsScenario
{
    public string Name => "raw-kafka";

    public string Description => "Confluent.Kafka producer (idempotent, acks=all, linger 5 ms) + consumer group (manual commit per 10k)";

    public async Task<ScenarioResult> RunAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var topic = settings.Topic(Name);
        var payload = settings.Payload();
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = settings.BootstrapServers,
            GroupId = $"bench-{Guid.NewGuid():N}",
            GroupProtocol = GroupProtocol.Classic,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 1000,
            AllowAutoCreateTopics = true,
        }).Build();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig
        {
            BootstrapServers = settings.BootstrapServers,
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
        }).Build();

        // Make the topic, then let the consumer join and own its partitions before the clock starts; then the warm-up
        // events (settings.WarmUp, as every scenario moves them) through producer and consumer.
        await producer.ProduceAsync(topic, new Message<string, byte[]> { Key = "warm-up", Value = payload }, cancellationToken);
        consumer.Subscribe(topic);
        var warmUp = consumer.Consume(TimeSpan.FromSeconds(60)) ?? throw new InvalidOperationException("the consumer got no partitions in 60 s");
        consumer.Commit([new TopicPartitionOffset(warmUp.TopicPartition, warmUp.Offset + 1)]);
        if (settings.WarmUp > 0)
        {
            for (var i = 0; i < settings.WarmUp; i++) Send(producer, topic, new Message<string, byte[]> { Key = settings.Key(i), Value = payload }, _ => { });
            producer.Flush(cancellationToken);
            var warm = new Dictionary<TopicPartition, TopicPartitionOffset>();
            for (var seen = 0; seen < settings.WarmUp;)
            {
                var result = consumer.Consume(BenchSettings.Stall) ?? throw new InvalidOperationException($"warm-up stalled after {seen} of {settings.WarmUp} events");
                warm[result.TopicPartition] = new TopicPartitionOffset(result.TopicPartition, result.Offset + 1);
                seen++;
            }
            consumer.Commit(warm.Values);
        }

        var clock = new BenchClock();
        double produceSeconds = 0;
        var producing = Task.Run(() =>
        {
            long failed = 0;
            for (var i = 0; i < settings.Messages; i++)
            {
                Send(producer, topic, new Message<string, byte[]> { Key = settings.Key(i), Value = payload },
                    report => { if (report.Error.IsError) Interlocked.Increment(ref failed); });
            }
            producer.Flush(cancellationToken);
            produceSeconds = clock.Seconds;
            if (failed > 0) throw new InvalidOperationException($"{failed} messages were not delivered");
        }, cancellationToken);

        var received = 0;
        var next = new Dictionary<TopicPartition, TopicPartitionOffset>();
        var heard = clock.Seconds;
        while (received < settings.Messages)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (result is null)
            {
                if (producing.IsFaulted) await producing;
                if (clock.Seconds - heard > BenchSettings.Stall.TotalSeconds)
                    throw new InvalidOperationException($"stalled after {received} of {settings.Messages} events");
                continue;
            }
            heard = clock.Seconds;
            received++;
            next[result.TopicPartition] = new TopicPartitionOffset(result.TopicPartition, result.Offset + 1);
            if (received % 10_000 == 0 || received == settings.Messages) consumer.Commit(next.Values);
        }
        var endToEnd = clock.Seconds;
        await producing;
        consumer.Close();
        return new ScenarioResult(Name, settings.Messages, settings.MessageBytes, produceSeconds, endToEnd, clock.CpuSeconds);
    }

    private static void Send(IProducer<string, byte[]> producer, string topic, Message<string, byte[]> message, Action<DeliveryReport<string, byte[]>> report)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message, report);
                return;
            }
            catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10));
            }
        }
    }
}
