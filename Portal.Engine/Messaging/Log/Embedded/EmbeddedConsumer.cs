using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>
/// A consumer of the embedded log: a group member (<see cref="GroupMembership"/>) or, without a group, a tail of every
/// partition. It keeps its position per partition in memory: on taking a partition, the group's committed offset, else
/// the starting position. A poll first compares the partitions' ends with its positions (one query), reads only those
/// with something new, and when there is nothing waits for this process's next append or the poll interval.
/// </summary>
internal sealed class EmbeddedConsumer : IEventLogConsumer
{
    private readonly EmbeddedEventLog _log;
    private readonly ConsumerSettings _settings;
    private readonly IReadOnlyCollection<string> _topics;
    private readonly GroupMembership? _membership;
    private readonly Dictionary<TopicPartition, long> _positions = new();
    private readonly IReadOnlyCollection<TopicPartition> _everyPartition;
    private readonly Task<Dictionary<TopicPartition, long>>? _endsAtStart;
    private int _turn;

    public EmbeddedConsumer(EmbeddedEventLog log, ConsumerSettings settings)
    {
        _log = log;
        _settings = settings;
        _topics = settings.Topics.Distinct().ToList();
        _everyPartition = _topics.SelectMany(t => Enumerable.Range(0, log.Options.Partitions).Select(p => new TopicPartition(t, p))).ToList();
        if (settings.Group is not null) _membership = new GroupMembership(log, settings.Group, _topics);
        // A tail's "Latest" is the end when it was subscribed, not when it first polls.
        else if (settings.StartingPosition == StartingPosition.Latest) _endsAtStart = Task.Run(() => EndsAsync(CancellationToken.None));
    }

    public IReadOnlyCollection<TopicPartition> Assignment => _membership?.Owned ?? _everyPartition;

    public async Task<IReadOnlyList<LogRecord>> PollAsync(int maxRecords, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecords, 1);
        var deadline = _log.Clock.GetUtcNow() + wait;
        while (true)
        {
            var appended = _log.Signal.Next;
            if (_membership is not null) await _membership.PolledAsync(cancellationToken);
            var records = await EmbeddedEventLog.GuardAsync("read from", () => FetchAsync(maxRecords, cancellationToken));
            // A partition given up while reading is not returned (its next owner reads it from the group's commit).
            var owned = Assignment;
            records = records.Where(r => owned.Contains(r.TopicPartition)).ToList();
            foreach (var record in records) _positions[record.TopicPartition] = record.Offset + 1;
            var left = deadline - _log.Clock.GetUtcNow();
            if (records.Count > 0 || left <= TimeSpan.Zero) return records;
            var interval = left < _log.Options.PollInterval ? left : _log.Options.PollInterval;
            await Task.WhenAny(appended, Task.Delay(interval, _log.Clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<List<LogRecord>> FetchAsync(int maxRecords, CancellationToken cancellationToken)
    {
        var owned = Assignment;
        foreach (var lost in _positions.Keys.Where(tp => !owned.Contains(tp)).ToList()) _positions.Remove(lost);
        var records = new List<LogRecord>();
        if (owned.Count == 0) return records;
        await using var db = await _log.Contexts.CreateDbContextAsync(cancellationToken);
        var ends = await EmbeddedEventLog.EndsAsync(db, _topics, cancellationToken);
        foreach (var tp in owned.Where(tp => !_positions.ContainsKey(tp)).ToList())
            _positions[tp] = await StartAsync(db, tp, ends.GetValueOrDefault(tp), cancellationToken);

        // Partitions with something new, starting at a different one each poll so none starves.
        var ready = owned.Where(tp => ends.GetValueOrDefault(tp) > _positions[tp])
            .OrderBy(tp => tp.Topic, StringComparer.Ordinal).ThenBy(tp => tp.Partition).ToList();
        _turn++;
        for (var i = 0; i < ready.Count && records.Count < maxRecords; i++)
        {
            var tp = ready[(i + _turn) % ready.Count];
            var share = Math.Max(1, (maxRecords - records.Count) / (ready.Count - i));
            var from = _positions[tp];
            var rows = await db.EventLogRecords.AsNoTracking()
                .Where(r => r.Topic == tp.Topic && r.Partition == tp.Partition && r.Offset >= from)
                .OrderBy(r => r.Offset).Take(share).ToListAsync(cancellationToken);
            records.AddRange(rows.Select(r => new LogRecord(r.Topic, r.Partition, r.Offset, r.Key, r.Value,
                JsonSerializer.Deserialize<Dictionary<string, string>>(r.Headers) ?? [], new DateTimeOffset(r.Timestamp, TimeSpan.Zero))));
        }
        return records;
    }

    /// <summary>Where reading a newly taken partition begins: the group's commit, else the starting position.</summary>
    private async Task<long> StartAsync(PortalDbContext db, TopicPartition tp, long end, CancellationToken cancellationToken)
    {
        if (_membership is not null && await _membership.CommittedAsync(db, tp, cancellationToken) is { } committed) return committed;
        switch (_settings.StartingPosition)
        {
            case StartingPosition.Latest:
                if (_endsAtStart is null) return end;
                try
                {
                    return (await _endsAtStart).GetValueOrDefault(tp);
                }
                catch (Exception) when (_endsAtStart.IsFaulted)
                {
                    return end;
                }
            case StartingPosition.AtTimestamp:
                var at = _settings.StartingTimestamp!.Value.UtcDateTime;
                return await db.EventLogRecords.Where(r => r.Topic == tp.Topic && r.Partition == tp.Partition && r.Timestamp >= at)
                    .MinAsync(r => (long?)r.Offset, cancellationToken) ?? end;
            default:
                return 0;
        }
    }

    private async Task<Dictionary<TopicPartition, long>> EndsAsync(CancellationToken cancellationToken)
    {
        await using var db = await _log.Contexts.CreateDbContextAsync(cancellationToken);
        return await EmbeddedEventLog.EndsAsync(db, _topics, cancellationToken);
    }

    public Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken = default) =>
        _membership is null ? Task.FromResult(false) : _membership.CommitAsync(nextOffsets, cancellationToken);

    public void Seek(TopicPartition partition, long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (Assignment.Contains(partition)) _positions[partition] = offset;
    }

    public async ValueTask DisposeAsync()
    {
        if (_membership is not null) await _membership.StopAsync();
        if (_endsAtStart is not null) await _endsAtStart.ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
