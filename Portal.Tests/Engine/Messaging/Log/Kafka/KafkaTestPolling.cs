using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Log.Kafka;

public static class KafkaTestPolling
{
    /// <summary>
    /// Polls until <paramref name="count"/> records came (joining a group and fetching take a moment on a cluster),
    /// giving up after <paramref name="polls"/> empty polls of a second each; returns what came.
    /// </summary>
    public static async Task<List<LogRecord>> UntilAsync(IEventLogConsumer consumer, int count, int polls = 60)
    {
        var records = new List<LogRecord>();
        for (var empty = 0; records.Count < count && empty < polls;)
        {
            var batch = await consumer.PollAsync(count - records.Count, TimeSpan.FromSeconds(1));
            if (batch.Count == 0) empty++;
            records.AddRange(batch);
        }
        return records;
    }
}
