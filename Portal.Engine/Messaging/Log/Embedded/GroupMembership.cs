using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>
/// One consumer's membership of its group, kept by heartbeats from a background loop (as Kafka's heartbeat thread). Each
/// heartbeat, in one transaction: renews the member's row, removes members whose heartbeat lapsed (freeing their
/// partitions), works out the fair share from the live members (sorted, round robin over the partitions), gives up what
/// is no longer this member's and takes what is and is free. A partition is only ever taken when free, so two members
/// never own one at once; a member stops returning records of a partition before it frees it, and treats everything as
/// lost once its own lease (last heartbeat + session timeout) has run out. Commits succeed only for partitions the member
/// still owns in the database. On PostgreSQL an advisory lock per group serializes the heartbeats of its members; SQLite
/// serializes write transactions anyway.
/// </summary>
internal sealed class GroupMembership(EmbeddedEventLog log, string group, IReadOnlyCollection<string> topics)
{
    private readonly string _memberId = Guid.NewGuid().ToString("N");
    private readonly object _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyCollection<TopicPartition> _owned = [];
    private DateTime _leaseUntil = DateTime.MinValue;
    private DateTime _lastPoll = DateTime.MinValue;
    private bool _joined;
    private Task? _loop;
    private Task? _firstHeartbeat;

    private DateTime Now => log.Clock.GetUtcNow().UtcDateTime;

    /// <summary>The partitions owned now: none once the lease ran out without a heartbeat getting through.</summary>
    public IReadOnlyCollection<TopicPartition> Owned
    {
        get { lock (_gate) return Now < _leaseUntil ? _owned : []; }
    }

    /// <summary>Called by every poll: starts the heartbeats on the first, and waits for the first heartbeat (the join).</summary>
    public async Task PolledAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _lastPoll = Now;
            _firstHeartbeat ??= Task.Run(HeartbeatSafelyAsync);
            _loop ??= Task.Run(LoopAsync);
        }
        await _firstHeartbeat.WaitAsync(cancellationToken);
    }

    private async Task LoopAsync()
    {
        await _firstHeartbeat!;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(log.Options.HeartbeatInterval, log.Clock, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            bool stuck;
            lock (_gate) stuck = Now - _lastPoll > log.Options.MaxPollInterval;
            if (!stuck) await HeartbeatSafelyAsync();
            else if (_joined)
            {
                log.Logger.LogWarning("Member {Member} of group {Group} has not polled for {Interval}: it leaves until it polls again.",
                    _memberId, group, log.Options.MaxPollInterval);
                await LeaveAsync();
            }
        }
    }

    private async Task HeartbeatSafelyAsync()
    {
        try
        {
            await HeartbeatAsync(_stop.Token);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Stopping: the member leaves next.
        }
        catch (Exception e)
        {
            log.Logger.LogWarning(e, "Heartbeat of member {Member} of group {Group} failed; it keeps its partitions until its lease ends.", _memberId, group);
        }
    }

    private async Task HeartbeatAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        await using var db = await log.Contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock(hashtext({"portal.event_log." + group}))", cancellationToken);

        await RenewAsync(db, now, cancellationToken);
        var cutoff = now - log.Options.SessionTimeout;
        await db.EventLogMembers.Where(m => m.GroupId == group && m.HeartbeatAt < cutoff).ExecuteDeleteAsync(cancellationToken);
        await db.EventLogGroupPartitions
            .Where(g => g.GroupId == group && g.Owner != null && !db.EventLogMembers.Any(m => m.GroupId == group && m.MemberId == g.Owner))
            .ExecuteUpdateAsync(s => s.SetProperty(g => g.Owner, (string?)null), cancellationToken);
        await EnsureRowsAsync(db, cancellationToken);

        var share = await FairShareAsync(db, cancellationToken);
        var held = db.EventLogGroupPartitions.Where(g => g.GroupId == group);
        var owned = await held.Where(g => g.Owner == _memberId).Select(g => new { g.Topic, g.Partition }).ToListAsync(cancellationToken);
        var giveUp = owned.Select(o => new TopicPartition(o.Topic, o.Partition)).Where(tp => !share.Contains(tp)).ToList();
        // Stop returning their records before freeing them, so the next owner never reads alongside this one.
        lock (_gate) _owned = _owned.Except(giveUp).ToList();
        foreach (var tp in giveUp)
            await held.Where(g => g.Topic == tp.Topic && g.Partition == tp.Partition && g.Owner == _memberId)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.Owner, (string?)null), cancellationToken);
        foreach (var tp in share)
            await held.Where(g => g.Topic == tp.Topic && g.Partition == tp.Partition && g.Owner == null)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.Owner, _memberId), cancellationToken);
        var nowOwned = (await held.Where(g => g.Owner == _memberId).Select(g => new { g.Topic, g.Partition }).ToListAsync(cancellationToken))
            .Select(o => new TopicPartition(o.Topic, o.Partition)).ToList();
        await transaction.CommitAsync(cancellationToken);
        lock (_gate)
        {
            _owned = nowOwned;
            _leaseUntil = now + log.Options.SessionTimeout;
            _joined = true;
        }
    }

    private async Task RenewAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var topicList = string.Join('\n', topics.Order(StringComparer.Ordinal));
        var renewed = await db.EventLogMembers.Where(m => m.GroupId == group && m.MemberId == _memberId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.HeartbeatAt, now).SetProperty(m => m.Topics, topicList), cancellationToken);
        if (renewed > 0) return;
        // New, or removed by the others after a lapse: (re)join owning nothing.
        lock (_gate) _owned = [];
        db.EventLogMembers.Add(new EventLogMember { GroupId = group, MemberId = _memberId, Topics = topicList, JoinedAt = now, HeartbeatAt = now });
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task EnsureRowsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.EventLogGroupPartitions.Where(g => g.GroupId == group && topics.Contains(g.Topic)).CountAsync(cancellationToken);
        if (existing == topics.Count * log.Options.Partitions) return;
        foreach (var topic in topics)
            for (var p = 0; p < log.Options.Partitions; p++)
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"INSERT INTO event_log_group_partitions (\"GroupId\", \"Topic\", \"Partition\") VALUES ({group}, {topic}, {p}) ON CONFLICT DO NOTHING",
                    cancellationToken);
    }

    /// <summary>This member's fair share: each topic's partitions dealt round robin over the live members reading it, sorted by id.</summary>
    private async Task<HashSet<TopicPartition>> FairShareAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var members = await db.EventLogMembers.Where(m => m.GroupId == group).OrderBy(m => m.MemberId)
            .Select(m => new { m.MemberId, m.Topics }).ToListAsync(cancellationToken);
        var share = new HashSet<TopicPartition>();
        var dealt = 0;
        foreach (var topic in topics.Order(StringComparer.Ordinal))
        {
            var readers = members.Where(m => m.Topics.Split('\n').Contains(topic)).Select(m => m.MemberId).Order(StringComparer.Ordinal).ToList();
            for (var p = 0; p < log.Options.Partitions; p++, dealt++)
                if (readers.Count > 0 && readers[dealt % readers.Count] == _memberId) share.Add(new TopicPartition(topic, p));
        }
        return share;
    }

    /// <summary>Stores the group's next offsets for the partitions this member still owns; false if any was lost.</summary>
    public Task<bool> CommitAsync(IReadOnlyDictionary<TopicPartition, long> nextOffsets, CancellationToken cancellationToken) =>
        EmbeddedEventLog.GuardAsync("commit to", async () =>
        {
            var now = Now;
            var all = true;
            await using var db = await log.Contexts.CreateDbContextAsync(cancellationToken);
            foreach (var (tp, offset) in nextOffsets.OrderBy(p => p.Key.Topic, StringComparer.Ordinal).ThenBy(p => p.Key.Partition))
                all &= await db.EventLogGroupPartitions
                    .Where(g => g.GroupId == group && g.Topic == tp.Topic && g.Partition == tp.Partition && g.Owner == _memberId)
                    .ExecuteUpdateAsync(s => s.SetProperty(g => g.CommittedOffset, offset).SetProperty(g => g.CommittedAt, now), cancellationToken) == 1;
            return all;
        });

    /// <summary>The group's committed next offset of a partition, or null before its first commit.</summary>
    public async Task<long?> CommittedAsync(PortalDbContext db, TopicPartition tp, CancellationToken cancellationToken) =>
        await db.EventLogGroupPartitions.Where(g => g.GroupId == group && g.Topic == tp.Topic && g.Partition == tp.Partition)
            .Select(g => g.CommittedOffset).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Leaves the group at once, freeing its partitions for the others' next heartbeat.</summary>
    public async Task LeaveAsync()
    {
        lock (_gate)
        {
            _owned = [];
            _leaseUntil = DateTime.MinValue;
            _joined = false;
        }
        try
        {
            await using var db = await log.Contexts.CreateDbContextAsync();
            await db.EventLogMembers.Where(m => m.GroupId == group && m.MemberId == _memberId).ExecuteDeleteAsync();
            await db.EventLogGroupPartitions.Where(g => g.GroupId == group && g.Owner == _memberId)
                .ExecuteUpdateAsync(s => s.SetProperty(g => g.Owner, (string?)null));
        }
        catch (Exception e)
        {
            log.Logger.LogWarning(e, "Member {Member} could not leave group {Group}; its lease will run out instead.", _memberId, group);
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        if (_firstHeartbeat is not null) await _firstHeartbeat;
        await LeaveAsync();
    }
}
