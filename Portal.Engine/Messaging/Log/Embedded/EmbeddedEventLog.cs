using System.Data.Common;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Log.Embedded;

/// <summary>
/// The event log in the portal's own database (SQLite or PostgreSQL): durable, partitioned by key, offsets per consumer
/// group. An append reserves its offsets by raising the partition's end in the same transaction as it inserts the
/// records, so concurrent producers (threads or processes) get offsets with no gap and no duplicate, and readers never
/// see a later offset before an earlier one. An append is one upsert of the partitions' ends and multi-row inserts (<see cref="LogAppender"/>). Consumer groups: <see cref="GroupMembership"/>.
/// </summary>
public sealed class EmbeddedEventLog(IDbContextFactory<PortalDbContext> contexts, IOptions<EmbeddedEventLogOptions> options,
    TimeProvider clock, ILogger<EmbeddedEventLog> logger) : IEventLog
{
    internal IDbContextFactory<PortalDbContext> Contexts => contexts;
    internal EmbeddedEventLogOptions Options { get; } = options.Value;
    internal TimeProvider Clock => clock;
    internal ILogger Logger => logger;
    internal LogSignal Signal { get; } = new();
    private readonly SemaphoreSlim _sqliteAppends = new(1, 1);

    public int PartitionOf(string key) => KeyPartitioner.PartitionOf(key, Options.Partitions);

    public async Task PublishAsync(IReadOnlyList<LogMessage> messages, CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0) return;
        foreach (var message in messages) Names.CheckTopic(message.Topic);
        // Partitions in one order for every producer, so two appends to the same partitions never deadlock.
        var batches = messages.GroupBy(m => new TopicPartition(m.Topic, PartitionOf(m.Key)))
            .OrderBy(g => g.Key.Topic, StringComparer.Ordinal).ThenBy(g => g.Key.Partition)
            .Select(g => new LogAppender.Batch(g.Key, g.ToList())).ToList();
        await GuardAsync("append to", async () =>
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var sqlite = db.Database.IsSqlite();
            // SQLite has one writer at a time: this process's appends take turns here rather than in SQLite's busy loop.
            if (sqlite) await _sqliteAppends.WaitAsync(cancellationToken);
            try
            {
                await db.Database.OpenConnectionAsync(cancellationToken);
                // Another process holding the write lock: wait in SQLite (fine-grained) rather than the driver's 150 ms sleeps.
                if (sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA busy_timeout = 30000", cancellationToken);
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                var firstOffsets = await LogAppender.ReserveAsync(db, batches, cancellationToken);
                // Taken while the partitions are locked, so timestamps never go back within a partition (on one clock).
                await LogAppender.InsertAsync(db, batches, firstOffsets, clock.GetUtcNow().UtcDateTime, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            finally
            {
                if (sqlite) _sqliteAppends.Release();
            }
            return true;
        });
        Signal.Notify();
    }

    public IEventLogConsumer Subscribe(ConsumerSettings settings)
    {
        if (settings.Topics.Count == 0) throw new ArgumentException("A consumer needs at least one topic.", nameof(settings));
        foreach (var topic in settings.Topics) Names.CheckTopic(topic);
        if (settings.Group is not null) Names.CheckGroup(settings.Group);
        if (settings.StartingPosition == StartingPosition.AtTimestamp && settings.StartingTimestamp is null)
            throw new ArgumentException("AtTimestamp needs a StartingTimestamp.", nameof(settings));
        return new EmbeddedConsumer(this, settings);
    }

    public Task<IReadOnlyList<PartitionState>> DescribeAsync(string group, IReadOnlyCollection<string> topics,
        CancellationToken cancellationToken = default) => GuardAsync<IReadOnlyList<PartitionState>>("describe", async () =>
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ends = await EndsAsync(db, topics, cancellationToken);
        var committed = await db.EventLogGroupPartitions.AsNoTracking()
            .Where(g => g.GroupId == group && topics.Contains(g.Topic) && g.CommittedOffset != null)
            .ToDictionaryAsync(g => new TopicPartition(g.Topic, g.Partition), g => g.CommittedOffset, cancellationToken);
        return topics.SelectMany(topic => Enumerable.Range(0, Options.Partitions).Select(p => new TopicPartition(topic, p)))
            .Select(tp => new PartitionState(tp.Topic, tp.Partition, ends.GetValueOrDefault(tp), committed.GetValueOrDefault(tp)))
            .ToList();
    });

    /// <summary>Deletes the records older than <see cref="EmbeddedEventLogOptions.Retention"/>; returns how many.</summary>
    public Task<int> PruneAsync(CancellationToken cancellationToken = default) => GuardAsync("prune", async () =>
    {
        var cutoff = clock.GetUtcNow().UtcDateTime - Options.Retention;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.EventLogRecords.Where(r => r.Timestamp < cutoff).ExecuteDeleteAsync(cancellationToken);
    });

    internal static async Task<Dictionary<TopicPartition, long>> EndsAsync(PortalDbContext db, IReadOnlyCollection<string> topics,
        CancellationToken cancellationToken) =>
        await db.EventLogPartitions.AsNoTracking().Where(p => topics.Contains(p.Topic))
            .ToDictionaryAsync(p => new TopicPartition(p.Topic, p.Partition), p => p.NextOffset, cancellationToken);

    /// <summary>Runs a database step, turning a database that cannot be reached into <see cref="EventLogUnavailableException"/>.</summary>
    internal static async Task<T> GuardAsync<T>(string what, Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (Exception e) when (e is DbException or DbUpdateException or TimeoutException)
        {
            throw new EventLogUnavailableException($"The embedded event log could not {what} the database: {e.Message}", e);
        }
    }
}

/// <summary>The names Kafka accepts for topics and groups, so settings that work on one log work on the other.</summary>
internal static class Names
{
    public static void CheckTopic(string topic)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(topic ?? "", "^[A-Za-z0-9._-]{1,249}$"))
            throw new ArgumentException($"'{topic}' is not a valid topic name (letters, digits, '.', '_', '-'; at most 249).");
    }

    public static void CheckGroup(string group)
    {
        if (string.IsNullOrWhiteSpace(group) || group.Length > 249)
            throw new ArgumentException($"'{group}' is not a valid consumer group (1 to 249 characters).");
    }
}
