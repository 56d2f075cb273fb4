using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// A handler's work done one record at a time, in offset order per partition: records the handler does not take are
/// skipped; a record that fails makes the rest of its partition fail too (reported with <c>notTried</c>, not tried), so
/// the worker retries them in order, and eventually dead-letters them, rather than committing past them.
/// </summary>
public static class RecordByRecord
{
    public static async Task<BatchResponse> HandleAsync(
        EventBatch batch,
        Func<BatchRecord, bool> takes,
        Func<BatchRecord, CancellationToken, Task> apply,
        Action<BatchRecord, Exception> logFailure,
        string notTried,
        CancellationToken cancellationToken)
    {
        var failures = new List<BatchItemFailure>();
        var failed = new HashSet<TopicPartition>();
        foreach (var record in batch.Records)
        {
            if (!takes(record)) continue;
            var partition = record.Record.TopicPartition;
            if (failed.Contains(partition))
            {
                failures.Add(new BatchItemFailure(partition, record.Record.Offset, notTried));
                continue;
            }
            using var activity = EventTracing.StartHandling(record.Record);
            try
            {
                await apply(record, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
                logFailure(record, e);
                failed.Add(partition);
                failures.Add(new BatchItemFailure(partition, record.Record.Offset, e.Message));
            }
        }
        return failures.Count == 0 ? BatchResponse.Success : new BatchResponse(failures);
    }
}
