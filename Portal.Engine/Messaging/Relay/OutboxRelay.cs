using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Relay;

public enum RelayStep
{
    /// <summary>Another instance holds the lease; this one waits.</summary>
    Standby,
    /// <summary>Nothing to publish.</summary>
    Idle,
    /// <summary>A batch was published and marked; more may wait.</summary>
    Published,
    /// <summary>The log (or the database) failed; the rows stay unpublished and the relay backs off.</summary>
    Failed,
}

/// <summary>
/// Publishes the outbox to the <see cref="IEventLog"/> in <see cref="OutboxMessage.Sequence"/> order, a batch at a time, then
/// marks the batch published (deletes its <see cref="OutboxPending"/> rows). Every instance runs one; only the holder of the <see cref="OutboxRelayLease"/> publishes, so
/// the outbox is read in one order by one relay at a time and events about one key reach the log in the order they were
/// committed. While the log is down it backs off (doubling up to <see cref="RelayOptions.MaxBackoff"/>) and the rows wait.
/// Delivery is at least once: a relay that dies between a publish and its mark publishes that batch again (same event ids),
/// so consumers apply an event once by its id. The holder also prunes published rows after <see cref="RelayOptions.Retention"/>.
/// </summary>
public sealed class OutboxRelay(
    IDbContextFactory<PortalDbContext> dbFactory, IEventLog log, IOptions<RelayOptions> options, IOptions<EventsOptions> events,
    RelayStatus status, TimeProvider clock, ILogger<OutboxRelay> logger) : BackgroundService
{
    private DateTime _nextPrune = DateTime.MinValue;
    private DateTime _heldUntil = DateTime.MinValue;

    /// <summary>Who this relay is in the lease table: host, process and a random instance id.</summary>
    public string Owner { get; init; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private RelayOptions Settings => options.Value;
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled) return;
        await Task.Yield();
        logger.LogInformation("Outbox relay {Owner} started", Owner);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var step = await RunOnceAsync(stoppingToken);
                wait = step switch
                {
                    RelayStep.Published => TimeSpan.Zero,
                    RelayStep.Failed => Backoff(status.Current.ConsecutiveFailures),
                    _ => Settings.PollInterval,
                };
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database itself failed (reading the lease or the outbox): wait as for a failed publish.
                var failures = status.Failed(Now, e.Message);
                logger.LogWarning(e, "Outbox relay could not read the outbox (failure {Failures} in a row)", failures);
                wait = Backoff(failures);
            }
            if (wait <= TimeSpan.Zero) continue;
            try
            {
                await Task.Delay(wait, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await ReleaseAsync();
    }

    /// <summary>
    /// One turn: take or renew the lease, prune when due, publish the oldest unpublished batch and mark it. What the hosted
    /// loop repeats; tests drive it directly.
    /// </summary>
    public async Task<RelayStep> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        if (!await TryHoldLeaseAsync(cancellationToken))
        {
            status.Standby();
            return RelayStep.Standby;
        }
        if (Now >= _nextPrune)
        {
            await PruneAsync(cancellationToken);
            _nextPrune = Now + Settings.PruneInterval;
        }

        List<OutboxMessage> batch;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            batch = await OutboxBatchReader.ReadAsync(db, Settings.BatchSize, cancellationToken);
        if (batch.Count == 0)
        {
            status.Idle();
            return RelayStep.Idle;
        }

        var topics = events.Value;
        var spans = new List<Activity>();
        try
        {
            // Inside the try: a family without a topic (Events:Topics:<family> not set) fails this attempt like a publish
            // that failed (LastError on the rows, ready Degraded, back-off), instead of escaping the relay's turn.
            var messages = new List<LogMessage>(batch.Count);
            foreach (var m in batch)
            {
                var topic = TopicOf(topics, m);
                // The writer's trace goes on through a publish span of its own (when traced and listened to), else as stored.
                var span = EventTracing.StartPublishing(topic, m.EventId.ToString(), m.TraceParent);
                if (span is not null) spans.Add(span);
                messages.Add(CloudEventHeaders.ToMessage(OutboxWriter.Envelope(m, topics.Source), topic, span?.Id ?? m.TraceParent));
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Settings.PublishTimeout);
            await log.PublishAsync(messages, timeout.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            foreach (var span in spans) span.SetStatus(ActivityStatusCode.Error, e.Message);
            await RecordFailureAsync(batch, e);
            return RelayStep.Failed;
        }
        finally
        {
            foreach (var span in spans) span.Dispose();
        }

        // Published: mark it even if we are being stopped, so a restart does not publish it again. A mark that fails leaves
        // the rows pending: they are published again (at least once), as after a crash between publish and mark.
        var publishedAt = Now;
        await MarkAsync(batch.Select(m => m.Sequence).ToList());
        if (status.Current.FailingSince is { } since)
            logger.LogInformation("Outbox relay publishes again after failing since {Since:O}", since);
        status.PublishedBatch(publishedAt, batch.Count);
        return RelayStep.Published;
    }

    /// <summary>Deletes the batch's pending rows: narrow rows, one index; the outbox rows themselves are not written again.</summary>
    private async Task MarkAsync(List<long> sequences)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await db.OutboxPending.Where(p => sequences.Contains(p.Sequence)).ExecuteDeleteAsync(CancellationToken.None);
    }

    private static string TopicOf(EventsOptions topics, OutboxMessage message) =>
        topics.Topics.TryGetValue(message.Family, out var topic) && !string.IsNullOrWhiteSpace(topic) ? topic
            : throw new MissingTopicException(message.Family);

    /// <summary>
    /// Deletes published rows written more than <see cref="RelayOptions.Retention"/> ago; returns how many. It walks the key
    /// from the oldest row up to the first one still pending or young (rows are written in Sequence order, so the old rows
    /// come first): no index on the time. Old published rows behind a pending one wait until it is published.
    /// </summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = Now - Settings.Retention;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One statement, so one snapshot: a row (and its pending row) committed meanwhile is either seen as pending or
        // young, or not seen at all; bounds taken first and used in a later DELETE would let that DELETE take it.
        var pruned = await db.OutboxMessages
            .Where(m => m.Sequence < (db.OutboxPending.Min(p => (long?)p.Sequence) ?? long.MaxValue)
                && m.Sequence < (db.OutboxMessages.Where(y => y.OccurredAt >= cutoff).Min(y => (long?)y.Sequence) ?? long.MaxValue))
            .ExecuteDeleteAsync(cancellationToken);
        if (pruned > 0) logger.LogInformation("Outbox relay pruned {Count} events written before {Cutoff:O}", pruned, cutoff);
        return pruned;
    }

    /// <summary>Takes the lease when it is free or expired, or renews it when this relay holds it; false while another holds it.</summary>
    private async Task<bool> TryHoldLeaseAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        // Renewed once half of it has passed, not on every turn: an idle holder writes the lease row a few times a minute.
        if (now + Settings.LeaseDuration / 2 < _heldUntil) return true;
        var until = now + Settings.LeaseDuration;
        var owner = Owner;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // One conditional UPDATE: the database lets only one of two relays racing for an expired lease change the row.
        var held = await db.OutboxRelayLeases
            .Where(l => l.Name == OutboxRelayLease.Outbox && (l.Owner == owner || l.Owner == null || l.ExpiresAt < now))
            .ExecuteUpdateAsync(set => set
                .SetProperty(l => l.Fence, l => l.Owner == owner ? l.Fence : l.Fence + 1)
                .SetProperty(l => l.Owner, owner)
                .SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
        if (held && !status.Current.HoldsLease) logger.LogInformation("Outbox relay {Owner} holds the outbox lease", owner);
        _heldUntil = held ? until : DateTime.MinValue;
        return held;
    }

    /// <summary>Gives the lease up on shutdown, so a standby relay takes over at once instead of after it expires.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            var owner = Owner;
            await using var db = await dbFactory.CreateDbContextAsync();
            _heldUntil = DateTime.MinValue;
            await db.OutboxRelayLeases.Where(l => l.Name == OutboxRelayLease.Outbox && l.Owner == owner)
                .ExecuteUpdateAsync(set => set.SetProperty(l => l.Owner, (string?)null));
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Outbox relay could not release its lease; another instance takes over when it expires");
        }
    }

    private async Task RecordFailureAsync(List<OutboxMessage> batch, Exception e)
    {
        var failures = status.Failed(Now, e.Message);
        var unavailable = e is EventLogUnavailableException or OperationCanceledException;
        logger.Log(failures == 1 ? LogLevel.Warning : LogLevel.Debug, e,
            "Outbox relay could not publish {Count} events ({Reason}, failure {Failures} in a row); they wait in the outbox",
            batch.Count, unavailable ? "the event log is unavailable" : e.GetType().Name, failures);
        var error = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
        var sequences = batch.Select(m => m.Sequence).ToList();
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            await db.OutboxMessages.Where(m => sequences.Contains(m.Sequence)).ExecuteUpdateAsync(set => set
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastError, error), CancellationToken.None);
        }
        catch (Exception recording)
        {
            logger.LogWarning(recording, "Outbox relay could not record the failed attempt");
        }
    }

    /// <summary>The wait after <paramref name="failures"/> failures in a row: doubling from MinBackoff, at most MaxBackoff, with ±20% jitter.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var doubled = Settings.MinBackoff * Math.Pow(2, Math.Clamp(failures - 1, 0, 20));
        var capped = doubled > Settings.MaxBackoff ? Settings.MaxBackoff : doubled;
        return capped * (0.8 + Random.Shared.NextDouble() * 0.4);
    }
}

/// <summary>An outbox row's family has no topic configured: a setting to fix, not a log that is down.</summary>
public sealed class MissingTopicException(string family)
    : InvalidOperationException($"No topic for the '{family}' family: set Events:Topics:{family}.");
