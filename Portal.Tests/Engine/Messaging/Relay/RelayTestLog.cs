using System.Text.Json;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Tests.Engine.Messaging.Relay;

/// <summary>
/// The relay's side of an event log for tests: records every message a publish stored, in order, and can be switched off
/// (publishing throws <see cref="EventLogUnavailableException"/>, as a log that cannot be reached does) or made to fail once
/// after storing (as when the relay dies between its publish and its mark). With an inner log it passes everything on to it.
/// </summary>
public sealed class RelayTestLog(IEventLog? inner = null) : IEventLog
{
    private readonly Lock _lock = new();
    private readonly List<LogMessage> _stored = [];

    /// <summary>While true, every publish fails and stores nothing.</summary>
    public volatile bool Down;

    /// <summary>How many of the next publishes store their messages and then fail anyway.</summary>
    public int FailAfterStoring;

    public IReadOnlyList<LogMessage> Stored
    {
        get { lock (_lock) return [.. _stored]; }
    }

    public async Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        if (Down) throw new EventLogUnavailableException("The event log cannot be reached (switched off by the test).");
        if (inner is not null) await inner.PublishAsync(messages, cancellationToken);
        lock (_lock) _stored.AddRange(messages);
        if (Interlocked.Decrement(ref FailAfterStoring) >= 0)
            throw new EventLogUnavailableException("The connection dropped after the log stored the batch, before it answered.");
        Interlocked.Exchange(ref FailAfterStoring, 0);
    }

    public IEventLogConsumer Subscribe(ConsumerSettings settings) =>
        inner?.Subscribe(settings) ?? throw new NotSupportedException("Relay tests only publish; give RelayTestLog a real log to read back.");

    public Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics, CancellationToken cancellationToken = default) =>
        inner?.DescribeAsync(group, topics, cancellationToken) ?? throw new NotSupportedException("Relay tests only publish.");

    /// <summary>The stored messages' event ids (<c>ce_id</c>), in the order stored.</summary>
    public List<string> Ids => Stored.Select(m => m.Headers[CloudEventHeaders.Id]).ToList();

    /// <summary>The StockChanged events stored per key, in the order stored, first delivery of each event id only (what a deduping consumer applies).</summary>
    public Dictionary<string, List<int>> StocksByKey(bool dedupe = false)
    {
        var seen = new HashSet<string>();
        return Stored
            .Where(m => m.Headers[CloudEventHeaders.Type] == EventCatalog.TypeOf<StockChanged>())
            .Where(m => !dedupe || seen.Add(m.Headers[CloudEventHeaders.Id]))
            .GroupBy(m => m.Key)
            .ToDictionary(g => g.Key, g => g.Select(m => JsonSerializer.Deserialize<StockChanged>(m.Value.Span, EventCatalog.Json)!.Stock).ToList());
    }
}

/// <summary>A clock the test moves by hand, from <paramref name="start"/> cut to whole seconds (PostgreSQL keeps microseconds).</summary>
public sealed class ManualClock(DateTime start) : TimeProvider
{
    private long _ticks = start.Ticks - start.Ticks % TimeSpan.TicksPerSecond;

    public DateTime Now => new(Interlocked.Read(ref _ticks), DateTimeKind.Utc);

    public override DateTimeOffset GetUtcNow() => new(Now, TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
