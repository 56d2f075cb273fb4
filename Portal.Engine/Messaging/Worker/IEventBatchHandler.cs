using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// A function the batch worker invokes synchronously with a batch of records, as Lambda's Kafka event source mapping does.
/// Throwing fails the whole batch (retried, bisected); returning failures fails only those records (a partial batch response).
/// Handlers must be idempotent in effect: delivery is at least once (see the worker's inbox).
/// </summary>
public interface IEventBatchHandler
{
    /// <summary>Unique and stable: the consumer group is derived from it, and the inbox and dead letters are kept under it.</summary>
    string Name { get; }

    /// <summary>The event families (topics) it reads.</summary>
    IReadOnlyCollection<string> Families { get; }

    Task<BatchResponse> HandleAsync(EventBatch batch, CancellationToken cancellationToken);
}

/// <summary>The records of one invocation, in offset order per partition. Records that are not readable events never reach a handler.</summary>
public sealed record EventBatch(IReadOnlyList<BatchRecord> Records);

/// <summary>One record with the event it carries.</summary>
public sealed record BatchRecord(LogRecord Record, EventEnvelope Envelope, IIntegrationEvent Event);

/// <summary>What a handler returns: the records that failed (only they, from the first failed offset of each partition, are retried).</summary>
public sealed record BatchResponse(IReadOnlyList<BatchItemFailure> BatchItemFailures)
{
    public static readonly BatchResponse Success = new([]);
}

public sealed record BatchItemFailure(TopicPartition Partition, long Offset, string Error);

/// <summary>
/// Optional for a handler: told when the worker has written some of its records to the dead letters (retries or age exhausted),
/// so it can put what waits for them in a state a person sees and can act on. Called after the dead letters are saved and before
/// the commit; throwing fails the batch the way any worker error does (it is delivered again, and the dead letters record it twice,
/// retried once).
/// </summary>
public interface IDeadLetterAware
{
    Task OnDeadLetteredAsync(IReadOnlyList<DeadLetteredRecord> records, CancellationToken cancellationToken);
}

/// <summary>A record of the handler that went to the dead letters, with its error.</summary>
public sealed record DeadLetteredRecord(BatchRecord Record, string Error);
