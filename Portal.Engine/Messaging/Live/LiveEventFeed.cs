using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Live;

/// <summary>
/// This instance's ear on the log: a groupless tail (no consumer group, no commits, every partition of every family's topic,
/// from the newest record on) that decodes each record and hands the events to the <see cref="ILiveEvents"/> listeners.
/// A record that is not a known event is logged and skipped; a listener that throws is logged and the others still hear.
/// While the log cannot be reached it tries again with a growing pause, and resumes where it stopped, so events written
/// meanwhile are still heard.
/// </summary>
public sealed partial class LiveEventFeed(IEventLog log, IOptions<EventsOptions> events, IOptions<LiveEventsOptions> options,
    TimeProvider clock, ILogger<LiveEventFeed> logger) : BackgroundService, ILiveEvents
{
    /// <summary>The name the tail's end offsets are described under; it never joins or commits as this group.</summary>
    public const string DescribeGroup = "portal-live-tail";

    private readonly Lock _gate = new();
    private readonly Dictionary<TopicPartition, long> _next = [];
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Action<IReadOnlyList<LiveEvent>>[] _listeners = [];
    private long _heard, _unreadable;

    /// <summary>Completes once the tail is in place: every event appended after it is heard.</summary>
    public Task Listening => _listening.Task;

    /// <summary>Events handed to listeners so far.</summary>
    public long Heard => Interlocked.Read(ref _heard);

    /// <summary>Records skipped because they were not a known, readable event.</summary>
    public long Unreadable => Interlocked.Read(ref _unreadable);

    /// <summary>Whether the last attempt to read the log succeeded.</summary>
    public bool Connected { get; private set; }

    public IDisposable Subscribe(Action<LiveEvent> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        return SubscribeBatches(batch =>
        {
            foreach (var e in batch) listener(e);
        });
    }

    public IDisposable SubscribeBatches(Action<IReadOnlyList<LiveEvent>> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate) _listeners = [.. _listeners, listener];
        return new Subscription(this, listener);
    }

    private void Unsubscribe(Action<IReadOnlyList<LiveEvent>> listener)
    {
        lock (_gate) _listeners = _listeners.Where(l => l != listener).ToArray();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var topics = events.Value.Topics.Values.Distinct().ToList();
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Where to read from, per partition: where this feed stopped, else the end now (Latest, pinned so that a
                // later reconnect resumes every partition, also those that had nothing yet).
                var ends = await log.DescribeAsync(DescribeGroup, topics, stoppingToken);
                await using var consumer = log.Subscribe(new ConsumerSettings(null, topics, StartingPosition.Latest));
                lock (_gate)
                {
                    foreach (var end in ends) _next.TryAdd(new TopicPartition(end.Topic, end.Partition), end.EndOffset);
                    foreach (var (partition, next) in _next) consumer.Seek(partition, next);
                }
                while (true)
                {
                    var records = await consumer.PollAsync(options.Value.MaxPollRecords, options.Value.PollWait, stoppingToken);
                    if (failures > 0) LogResumed(failures);
                    failures = 0;
                    Connected = true;
                    // "Latest" is fixed when a partition is assigned: once every topic has its partitions, nothing new is missed.
                    if (!_listening.Task.IsCompleted && topics.All(t => consumer.Assignment.Any(p => p.Topic == t))) _listening.TrySetResult();
                    if (records.Count > 0) Dispatch(records);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Connected = false;
                failures++;
                var pause = RetryDelay(failures);
                if (failures == 1) LogDown(e, pause);
                else LogStillDown(failures, e.Message, pause);
                try
                {
                    await Task.Delay(pause, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private TimeSpan RetryDelay(int failures)
    {
        var seconds = Math.Pow(2, Math.Min(failures - 1, 16));
        return TimeSpan.FromSeconds(Math.Min(seconds, options.Value.MaxRetryDelay.TotalSeconds));
    }

    /// <summary>Decodes a poll's records and hands the events to every listener (also used by tests driving the feed by hand).</summary>
    internal void Dispatch(IReadOnlyList<LogRecord> records)
    {
        var heard = new List<LiveEvent>(records.Count);
        foreach (var record in records)
        {
            lock (_gate) _next[record.TopicPartition] = record.Offset + 1;
            var (envelope, @event, problem) = EventRecords.Decode(record, events.Value);
            if (@event is null)
            {
                Interlocked.Increment(ref _unreadable);
                LogUnreadable(record.TopicPartition.ToString(), record.Offset, envelope?.Type, problem);
                continue;
            }
            heard.Add(new LiveEvent(envelope!, @event));
        }
        if (heard.Count == 0) return;
        Interlocked.Add(ref _heard, heard.Count);
        Action<IReadOnlyList<LiveEvent>>[] listeners;
        lock (_gate) listeners = _listeners;
        foreach (var listener in listeners)
        {
            try
            {
                listener(heard);
            }
            catch (Exception e)
            {
                LogListenerFailed(e, heard.Count);
            }
        }
    }

    private sealed class Subscription(LiveEventFeed feed, Action<IReadOnlyList<LiveEvent>> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) feed.Unsubscribe(listener);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live event feed cannot read the event log; trying again in {Pause}")]
    private partial void LogDown(Exception e, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The live event feed still cannot read the event log (attempt {Attempt}: {Reason}); trying again in {Pause}")]
    private partial void LogStillDown(int attempt, string reason, TimeSpan pause);

    [LoggerMessage(Level = LogLevel.Information, Message = "The live event feed reads the event log again after {Attempts} failed attempt(s)")]
    private partial void LogResumed(int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The live event feed skipped record {Partition}@{Offset} (type {Type}): {Problem}")]
    private partial void LogUnreadable(string partition, long offset, string? type, string? problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "A live event listener failed on a batch of {Count} event(s); the others still heard it")]
    private partial void LogListenerFailed(Exception e, int count);
}
