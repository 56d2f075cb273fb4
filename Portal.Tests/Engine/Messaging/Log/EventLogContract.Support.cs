using System.Text;
using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Log;

/// <summary>The hooks an implementation fills in and the helpers the contract's tests share.</summary>
public abstract partial class EventLogContract : IAsyncLifetime
{
    /// <summary>
    /// Opens the log under test. Every call opens another instance over the SAME storage (database or cluster), as another
    /// process or a restart would; the subclass disposes them in <see cref="DisposeAsync"/>. Skips or fails without its peer.
    /// </summary>
    protected abstract Task<IEventLog> OpenLogAsync();

    /// <summary>Partitions per topic (4: the Kafka mock's fixed count and the embedded log's default).</summary>
    protected virtual int Partitions => 4;

    /// <summary>The longest any "eventually" of the suite waits (a Kafka rebalance takes seconds).</summary>
    protected virtual TimeSpan Patience => TimeSpan.FromSeconds(60);

    /// <summary>How long a poll waits when the suite checks that nothing more arrives.</summary>
    protected virtual TimeSpan Quiet => TimeSpan.FromMilliseconds(500);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Topics and groups are new in every test, so reruns against a long-lived cluster never meet old data.</summary>
    protected static string NewTopic() => $"contract.{Guid.NewGuid():N}";

    protected static string NewGroup() => $"contract-group-{Guid.NewGuid():N}";

    protected static LogMessage Message(string topic, string key, string text, IReadOnlyDictionary<string, string>? headers = null) =>
        new(topic, key, Encoding.UTF8.GetBytes(text), headers ?? new Dictionary<string, string>());

    protected static string Text(LogRecord record) => Encoding.UTF8.GetString(record.Value.Span);

    protected static ConsumerSettings Group(string group, string topic, StartingPosition from = StartingPosition.Earliest,
        DateTimeOffset? at = null) => new(group, [topic], from, at);

    /// <summary>
    /// Polls until <paramref name="count"/> records came (failing after <see cref="Patience"/>), then checks that no more
    /// follow; every record must come from a partition the consumer owned when it was returned.
    /// </summary>
    protected async Task<List<LogRecord>> DrainAsync(IEventLogConsumer consumer, int count)
    {
        var records = new List<LogRecord>();
        await UntilAsync($"{count} records arrive (got {{0}})", async () =>
        {
            records.AddRange(await PollOwnedAsync(consumer, count - records.Count, TimeSpan.FromMilliseconds(250)));
            return records.Count >= count;
        }, () => records.Count);
        Assert.Equal(count, records.Count);
        Assert.Empty(await consumer.PollAsync(100, Quiet));
        return records;
    }

    /// <summary>One poll, checking that what came is in offset order per partition and from partitions this member owns.</summary>
    protected static async Task<IReadOnlyList<LogRecord>> PollOwnedAsync(IEventLogConsumer consumer, int max, TimeSpan wait)
    {
        var records = await consumer.PollAsync(Math.Max(1, max), wait);
        Assert.True(records.Count <= Math.Max(1, max), $"a poll for {max} returned {records.Count}");
        var owned = consumer.Assignment;
        foreach (var record in records)
            Assert.Contains(record.TopicPartition, owned);
        foreach (var partition in records.GroupBy(r => r.TopicPartition))
            Assert.Equal(partition.Select(r => r.Offset).Order(), partition.Select(r => r.Offset));
        return records;
    }

    /// <summary>Repeats <paramref name="step"/> (which waits inside, e.g. by polling) until it says done, or fails after <see cref="Patience"/>.</summary>
    protected async Task UntilAsync(string what, Func<Task<bool>> step, Func<object>? progress = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await step())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Not within {Patience.TotalSeconds:0} s: " + string.Format(what, progress?.Invoke()));
            await Task.Delay(20);
        }
    }

    /// <summary>Keys enough that every partition gets some (64 keys over 4 partitions).</summary>
    protected static IReadOnlyList<string> ManyKeys(string prefix, int count = 64) =>
        Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();

    protected IReadOnlyCollection<TopicPartition> AllPartitions(string topic) =>
        Enumerable.Range(0, Partitions).Select(p => new TopicPartition(topic, p)).ToList();
}
