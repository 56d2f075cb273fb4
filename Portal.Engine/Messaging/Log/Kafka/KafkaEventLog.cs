using System.Collections.Concurrent;
using System.Text;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Portal.Engine.Messaging.Log.Kafka;

/// <summary>
/// <see cref="IEventLog"/> on Kafka (Confluent.Kafka): one idempotent <c>acks=all</c> producer for the process, keyed by
/// the aggregate id (so a key's messages keep their order on one partition), the CloudEvents attributes as headers; a
/// consumer per <see cref="Subscribe"/>. A broker that cannot be reached makes a publish fail after
/// <see cref="KafkaOptions.PublishTimeout"/> with <see cref="EventLogUnavailableException"/>; consumers reconnect by themselves.
/// </summary>
public sealed class KafkaEventLog : IEventLog, IDisposable
{
    private readonly KafkaOptions options;
    private readonly ILogger logger;
    private readonly Lazy<IAdminClient> admin;
    private readonly ConcurrentDictionary<string, Task> ensuredTopics = new();
    private readonly Lock producerLock = new();
    private IProducer<string, byte[]>? producer;
    private bool disposed;

    public KafkaEventLog(IOptions<KafkaOptions> options, ILogger<KafkaEventLog>? logger = null)
    {
        this.options = options.Value;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        admin = new Lazy<IAdminClient>(() => new AdminClientBuilder(KafkaClientConfig.Admin(this.options))
            .SetLogHandler((_, m) => KafkaLogging.Log(this.logger, m)).SetErrorHandler((_, e) => KafkaLogging.Error(this.logger, e)).Build());
    }

    public async Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0) return;
        await EnsureTopicsAsync(messages.Select(m => m.Topic), cancellationToken);
        var producer = Producer();
        var batch = new DeliveryBatch(messages.Count);
        Action<DeliveryReport<string, byte[]>> report = batch.Report;
        var deadline = DateTime.UtcNow + options.PublishTimeout;
        // Enqueued in order; the idempotent producer keeps that order per partition. The delivery reports come on the
        // client's own thread and complete the batch when the last one is in.
        for (var i = 0; i < messages.Count; i++)
        {
            var message = ToKafka(messages[i]);
            while (true)
            {
                try
                {
                    producer.Produce(messages[i].Topic, message, report);
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(5, CancellationToken.None);
                }
                catch (KafkaException e)
                {
                    batch.Abandon(messages.Count - i);
                    throw Unavailable(e.Error, e);
                }
            }
        }
        await batch.Completion.WaitAsync(cancellationToken);
        if (batch.FirstError is { } error) throw Unavailable(error, new KafkaException(error));
    }

    /// <summary>Counts a batch's delivery reports down; keeps the first failure.</summary>
    private sealed class DeliveryBatch(int count)
    {
        private readonly TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int pending = count;
        private Error? firstError;

        public Task Completion => done.Task;

        public Error? FirstError => Volatile.Read(ref firstError);

        public void Report(DeliveryReport<string, byte[]> report)
        {
            if (report.Error.IsError) Interlocked.CompareExchange(ref firstError, report.Error, null);
            if (Interlocked.Decrement(ref pending) == 0) done.TrySetResult();
        }

        /// <summary>Messages never enqueued report nothing: stop waiting for them.</summary>
        public void Abandon(int notSent)
        {
            if (Interlocked.Add(ref pending, -notSent) == 0) done.TrySetResult();
        }
    }

    public IEventLogConsumer Subscribe(ConsumerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Topics.Count == 0) throw new ArgumentException("A consumer needs at least one topic.", nameof(settings));
        if (settings.StartingPosition == StartingPosition.AtTimestamp && settings.StartingTimestamp is null)
            throw new ArgumentException("StartingPosition.AtTimestamp needs a StartingTimestamp.", nameof(settings));
        if (options.CreateTopics) EnsureTopicsAsync(settings.Topics, CancellationToken.None).GetAwaiter().GetResult();
        return new KafkaEventLogConsumer(options, settings, this, logger);
    }

    public async Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default)
    {
        var partitions = await Task.Run(() => Partitions(topics), cancellationToken);
        if (partitions.Count == 0) return [];
        try
        {
            var ends = await Admin.ListOffsetsAsync(partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = OffsetSpec.Latest() }),
                new ListOffsetsOptions { RequestTimeout = options.AdminTimeout });
            var committed = await Admin.ListConsumerGroupOffsetsAsync([new ConsumerGroupTopicPartitions(group, partitions)],
                new ListConsumerGroupOffsetsOptions { RequestTimeout = options.AdminTimeout });
            var commits = committed.Single().Partitions.ToDictionary(p => p.TopicPartition, p => p.Offset);
            return ends.ResultInfos.Select(r => r.TopicPartitionOffsetError)
                .Select(e => new PartitionState(e.Topic, e.Partition.Value, e.Offset.Value,
                    commits.TryGetValue(e.TopicPartition, out var c) && c != Offset.Unset ? c.Value : null))
                .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition).ToList();
        }
        catch (KafkaException e)
        {
            throw Unavailable(e.Error, e);
        }
    }

    internal IAdminClient Admin => admin.Value;

    /// <summary>
    /// The partitions of these topics as the cluster's metadata names them (none for a topic it does not know). With
    /// <paramref name="waitForCreation"/> a missing topic is asked for (the broker creates it when it allows that) and
    /// waited for up to <see cref="KafkaOptions.AdminTimeout"/>.
    /// </summary>
    internal List<Confluent.Kafka.TopicPartition> Partitions(IEnumerable<string> topics, bool waitForCreation = false)
    {
        var result = new List<Confluent.Kafka.TopicPartition>();
        foreach (var topic in topics.Distinct())
        {
            var deadline = DateTime.UtcNow + options.AdminTimeout;
            while (true)
            {
                Metadata metadata;
                try { metadata = Admin.GetMetadata(topic, options.AdminTimeout); }
                catch (KafkaException e) { throw Unavailable(e.Error, e); }
                var found = metadata.Topics.Where(t => t.Topic == topic && !t.Error.IsError)
                    .SelectMany(t => t.Partitions.Select(p => new Confluent.Kafka.TopicPartition(topic, p.PartitionId))).ToList();
                if (found.Count > 0 || !waitForCreation || DateTime.UtcNow >= deadline)
                {
                    result.AddRange(found);
                    break;
                }
                Thread.Sleep(100);
            }
        }
        return result.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value).ToList();
    }

    private IProducer<string, byte[]> Producer()
    {
        lock (producerLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return producer ??= new ProducerBuilder<string, byte[]>(KafkaClientConfig.Producer(options))
                .SetLogHandler((_, m) => KafkaLogging.Log(logger, m))
                .SetErrorHandler((p, e) =>
                {
                    KafkaLogging.Error(logger, e);
                    // A fatal error (e.g. the idempotent producer lost its sequence) ends this producer: the next publish makes a new one.
                    if (e.IsFatal) lock (producerLock) if (ReferenceEquals(producer, p)) producer = null;
                })
                .Build();
        }
    }

    private Task EnsureTopicsAsync(IEnumerable<string> topics, CancellationToken cancellationToken)
    {
        if (!options.CreateTopics) return Task.CompletedTask;
        return Task.WhenAll(topics.Distinct().Select(topic => ensuredTopics.GetOrAdd(topic, CreateTopicAsync)))
            .WaitAsync(cancellationToken);
    }

    private async Task CreateTopicAsync(string topic)
    {
        try
        {
            await Admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = options.Partitions, ReplicationFactor = options.ReplicationFactor }],
                new CreateTopicsOptions { RequestTimeout = options.AdminTimeout, OperationTimeout = options.AdminTimeout });
            logger.LogInformation("Created Kafka topic {Topic} ({Partitions} partitions, replication {Replication})", topic, options.Partitions, options.ReplicationFactor);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
        catch (KafkaException e)
        {
            ensuredTopics.TryRemove(topic, out _);
            throw Unavailable(e.Error, e);
        }
    }

    private static Message<string, byte[]> ToKafka(LogMessage message)
    {
        var headers = new Headers();
        foreach (var (name, value) in message.Headers) headers.Add(name, Encoding.UTF8.GetBytes(value));
        // The relay's values are whole arrays already: hand them over instead of copying each one.
        var bytes = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(message.Value, out var segment)
            && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : message.Value.ToArray();
        return new Message<string, byte[]> { Key = message.Key, Value = bytes, Headers = headers };
    }

    internal static EventLogUnavailableException Unavailable(Error error, Exception inner) =>
        new($"Kafka is unavailable: {error.Reason} ({error.Code}).", inner);

    public void Dispose()
    {
        lock (producerLock)
        {
            if (disposed) return;
            disposed = true;
            producer?.Flush(TimeSpan.FromSeconds(5));
            producer?.Dispose();
            producer = null;
        }
        if (admin.IsValueCreated) admin.Value.Dispose();
    }
}
