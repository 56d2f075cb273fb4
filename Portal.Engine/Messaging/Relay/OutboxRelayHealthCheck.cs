using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;

namespace Portal.Engine.Messaging.Relay;

/// <summary>
/// The "events" ready check: Degraded while this instance's relay cannot publish, or while the oldest unpublished event
/// is older than <see cref="RelayOptions.DegradedBacklogAge"/> (whichever instance should be publishing it). Never
/// Unhealthy: the shop keeps taking orders and uploads while events wait in the outbox.
/// </summary>
public sealed class OutboxRelayHealthCheck(
    IDbContextFactory<PortalDbContext> dbFactory, RelayStatus status, IOptions<RelayOptions> options, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var relay = status.Current;
        int waiting;
        DateTime? oldest;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            waiting = await OutboxBatchReader.WaitingAsync(db, cancellationToken);
            oldest = waiting == 0 ? null
                : await db.OutboxPending.OrderBy(p => p.Sequence).Take(1)
                    .Join(db.OutboxMessages, p => p.Sequence, m => m.Sequence, (_, m) => (DateTime?)m.OccurredAt).FirstOrDefaultAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Degraded("The outbox could not be read.", e);
        }

        var data = new Dictionary<string, object>
        {
            ["waiting"] = waiting,
            ["holdsLease"] = relay.HoldsLease,
            ["published"] = relay.Published,
        };
        if (relay.FailingSince is { } since)
            return HealthCheckResult.Degraded(
                $"Events cannot be published since {since:O} ({relay.ConsecutiveFailures} failed publishes): {relay.LastError}. {waiting} events wait in the outbox.",
                data: data);
        if (oldest is { } at && now - at > options.Value.DegradedBacklogAge)
            return HealthCheckResult.Degraded(
                $"{waiting} events wait in the outbox; the oldest since {at:O}, longer than Events:Relay:DegradedBacklogAge ({options.Value.DegradedBacklogAge}).",
                data: data);
        return HealthCheckResult.Healthy($"{waiting} events wait in the outbox.", data);
    }
}
