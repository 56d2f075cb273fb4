using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Relay;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Relay.RelayHarness;

namespace Portal.Tests.Engine.Messaging.Relay;

public sealed class SqliteRelayMissingTopicTests() : RelayMissingTopicTests(DatabaseOptions.Sqlite);

public sealed class PostgresRelayMissingTopicTests() : RelayMissingTopicTests(DatabaseOptions.Postgres);

/// <summary>An outbox row whose family has no topic configured fails that publish attempt (LastError names the setting,
/// ready Degraded, the relay backs off and goes on), and it is published once the topic is set.</summary>
public abstract class RelayMissingTopicTests(string provider) : ProviderSuite(provider)
{
    [SkippableFact]
    public async Task A_family_without_a_topic_fails_the_attempt_with_the_setting_named_and_ready_degraded_and_publishes_once_it_is_set()
    {
        var database = await DatabaseAsync();
        var clock = new ManualClock(DateTime.UtcNow);
        var events = new EventsOptions();
        events.Topics.Remove(EventFamilies.Catalog);
        var log = new RelayTestLog();
        var status = new RelayStatus();
        var relay = new OutboxRelay(new TestDbContextFactory(database), log, Options.Create(new RelayOptions { BatchSize = 50 }),
            Options.Create(events), status, clock, NullLogger<OutboxRelay>.Instance) { Owner = "relay-a" };
        var health = new OutboxRelayHealthCheck(new TestDbContextFactory(database), status, Options.Create(new RelayOptions()), clock);
        await EnqueueAsync(database, Counting(1, 2), clock.Now);

        // Two turns: each fails cleanly (no exception escapes the turn), the rows keep waiting with the reason.
        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());
        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());

        var setting = $"Events:Topics:{EventFamilies.Catalog}";
        Assert.Empty(log.Stored);
        Assert.Equal(2, await UnpublishedAsync(database));
        await using (var db = database.NewContext())
            Assert.All(await db.OutboxMessages.ToListAsync(), m => Assert.Equal((2, true), (m.Attempts, m.LastError!.Contains(setting))));
        Assert.Equal(2, status.Current.ConsecutiveFailures);
        var degraded = await health.CheckHealthAsync(new HealthCheckContext());
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains(setting, degraded.Description);

        events.Topics[EventFamilies.Catalog] = "portal.catalog";
        await DrainAsync(relay);

        Assert.Equal(0, await UnpublishedAsync(database));
        Assert.Equal([1, 2], log.StocksByKey()["item-1"]);
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(new HealthCheckContext())).Status);
    }
}
