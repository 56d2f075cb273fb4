using Microsoft.Extensions.Logging;

namespace Portal.Engine.Messaging.Worker;

/// <summary>A record that exhausted its retries (or its age): it goes to the dead letters with these figures.</summary>
public sealed record FailedRecord(BatchRecord Record, string Error, int Attempts, DateTime FirstFailedAt, DateTime LastFailedAt);

/// <summary>
/// Invokes a handler with a batch the way Lambda's event source mapping does on error: a thrown invocation fails the whole
/// batch, a partial batch response fails its records (only they, from the first failed offset of each partition, are
/// retried; a response naming a record not in the batch fails the whole batch); retries wait with exponential back-off up to
/// <see cref="WorkerOptions.MaximumRetryAttempts"/>; with <see cref="WorkerOptions.BisectBatchOnFunctionError"/> a thrown
/// batch is split in two and each half goes on by itself (splitting does not count as a retry). The records that still fail when
/// retries run out (or are older than <see cref="WorkerOptions.MaximumRecordAge"/>) are returned to be dead-lettered.
/// Partitions keep their order: a record is only retried together with the records after it in its partition.
/// </summary>
internal sealed class BatchInvoker(IEventBatchHandler handler, WorkerOptions options, TimeProvider clock, Action<WorkerInvocation> invoked,
    ILogger logger)
{
    public async Task<List<FailedRecord>> RunAsync(IReadOnlyList<BatchRecord> batch, CancellationToken cancellationToken)
    {
        var failed = new List<FailedRecord>();
        await RunAsync(batch, failed, cancellationToken);
        return failed;
    }

    /// <summary>One invocation: null when every record was handled, else the error of each record that was not.</summary>
    public async Task<(Dictionary<BatchRecord, string>? Errors, bool Threw)> InvokeAsync(IReadOnlyList<BatchRecord> records,
        CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        BatchResponse response;
        try
        {
            response = await handler.HandleAsync(new EventBatch(records), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Handler {Handler} failed a batch of {Count} records.", handler.Name, records.Count);
            Record(records.Count, 0, started);
            var error = $"{e.GetType().Name}: {e.Message}";
            return (AllFailed(records, error), true);
        }
        if (response.BatchItemFailures.Count == 0)
        {
            Record(records.Count, records.Count, started);
            return (null, false);
        }
        var byPosition = records.ToDictionary(r => (r.Record.TopicPartition, r.Record.Offset));
        var stranger = response.BatchItemFailures.FirstOrDefault(f => !byPosition.ContainsKey((f.Partition, f.Offset)));
        if (stranger is not null)
        {
            Record(records.Count, 0, started);
            var error = $"The partial batch response named {stranger.Partition}@{stranger.Offset}, which is not in the batch: the whole batch failed.";
            return (AllFailed(records, error), true);
        }
        var errors = new Dictionary<BatchRecord, string>(ReferenceEqualityComparer.Instance);
        foreach (var failure in response.BatchItemFailures) errors[byPosition[(failure.Partition, failure.Offset)]] = failure.Error;
        Record(records.Count, records.Count - FromFirstFailure(records, errors).Count, started);
        return (errors, false);
    }

    private async Task RunAsync(IReadOnlyList<BatchRecord> batch, List<FailedRecord> failed, CancellationToken cancellationToken)
    {
        var pending = batch;
        var retries = 0;
        DateTime? first = null;
        while (pending.Count > 0)
        {
            var (errors, threw) = await InvokeAsync(pending, cancellationToken);
            if (errors is null) return;
            var now = clock.GetUtcNow().UtcDateTime;
            first ??= now;
            if (threw && options.BisectBatchOnFunctionError && pending.Count > 1)
            {
                var half = pending.Count / 2;
                await RunAsync(pending.Take(half).ToList(), failed, cancellationToken);
                await RunAsync(pending.Skip(half).ToList(), failed, cancellationToken);
                return;
            }
            if (!threw) pending = FromFirstFailure(pending, errors);
            // Out of retries: as Lambda sends the whole retried set to the on-failure destination, every record from the first
            // failed offset of each partition goes to the dead letters, also those after it the handler did not report (it may
            // have skipped them); the commit passes them all, so none may be dropped silently. One whose effect was applied
            // after all is harmless there: a retry from the dead letters meets the handler's inbox.
            // Too old: only the failed records themselves leave the retries.
            var exhausted = options.MaximumRetryAttempts >= 0 && retries >= options.MaximumRetryAttempts;
            if (exhausted)
            {
                foreach (var record in pending)
                    failed.Add(new FailedRecord(record, errors.TryGetValue(record, out var error) ? error : NotReached(errors, record),
                        retries + 1, first.Value, now));
                return;
            }
            var expired = pending.Where(r => errors.ContainsKey(r)
                && options.MaximumRecordAge is { } age && now - r.Record.Timestamp.UtcDateTime > age).ToList();
            foreach (var record in expired)
                failed.Add(new FailedRecord(record, errors[record], retries + 1, first.Value, now));
            if (expired.Count > 0)
            {
                var gone = expired.ToHashSet(ReferenceEqualityComparer.Instance);
                pending = pending.Where(r => !gone.Contains(r)).ToList();
                if (pending.Count == 0) return;
            }
            retries++;
            await Task.Delay(Backoff(options, retries), clock, cancellationToken);
        }
    }

    /// <summary>The dead letter's error for a record after a failed one of its partition that the handler did not report.</summary>
    private static string NotReached(Dictionary<BatchRecord, string> errors, BatchRecord record)
    {
        var failure = errors.Keys.Where(r => r.Record.TopicPartition == record.Record.TopicPartition && r.Record.Offset < record.Record.Offset)
            .OrderBy(r => r.Record.Offset).FirstOrDefault();
        return failure is null
            ? "Not handled: its partition's retries ran out."
            : $"Not handled: the earlier record {failure.Record.TopicPartition}@{failure.Record.Offset} of its partition failed ({errors[failure]}) and its retries ran out.";
    }

    private static Dictionary<BatchRecord, string> AllFailed(IReadOnlyList<BatchRecord> records, string error)
    {
        var errors = new Dictionary<BatchRecord, string>(ReferenceEqualityComparer.Instance);
        foreach (var record in records) errors[record] = error;
        return errors;
    }

    /// <summary>Exponential back-off: RetryBackoff, doubled each retry, at most MaximumRetryBackoff.</summary>
    public static TimeSpan Backoff(WorkerOptions options, int retry) =>
        TimeSpan.FromTicks(Math.Min(options.MaximumRetryBackoff.Ticks, options.RetryBackoff.Ticks * (1L << Math.Min(retry - 1, 30))));

    /// <summary>Per partition, the records from its first failed offset on (partitions without failures are done).</summary>
    private static List<BatchRecord> FromFirstFailure(IReadOnlyList<BatchRecord> records, Dictionary<BatchRecord, string> errors)
    {
        var firstFailed = errors.Keys.GroupBy(r => r.Record.TopicPartition).ToDictionary(g => g.Key, g => g.Min(r => r.Record.Offset));
        return records.Where(r => firstFailed.TryGetValue(r.Record.TopicPartition, out var from) && r.Record.Offset >= from).ToList();
    }

    private void Record(int size, int handled, long started) => invoked(new WorkerInvocation
    {
        Handler = handler.Name,
        At = clock.GetUtcNow().UtcDateTime,
        Size = size,
        Handled = handled,
        DurationMs = clock.GetElapsedTime(started).TotalMilliseconds,
    });
}
