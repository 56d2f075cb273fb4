using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Relay;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Relay.RelayHarness;

namespace Portal.Tests.Engine.Messaging.Relay;

public sealed class SqliteRelayLogDownTests() : RelayLogDownTests(DatabaseOptions.Sqlite);

public sealed class PostgresRelayLogDownTests() : RelayLogDownTests(DatabaseOptions.Postgres);

/// <summary>The log goes down while shoppers check out: nothing is refused, the outbox grows, ready says Degraded, then it all drains.</summary>
public abstract class RelayLogDownTests(string provider) : ProviderSuite(provider)
{
    private readonly ManualClock _clock = new(DateTime.UtcNow);

    private OutboxRelayHealthCheck Health(TestDatabase database, RelayStatus status) =>
        new(new TestDbContextFactory(database), status, Options.Create(new RelayOptions()), _clock);

    private static async Task<HealthCheckResult> CheckAsync(OutboxRelayHealthCheck check) =>
        await check.CheckHealthAsync(new HealthCheckContext());

    [SkippableFact]
    public async Task While_the_log_is_down_every_checkout_is_accepted_the_outbox_grows_ready_is_degraded_and_all_drains_once_it_is_back()
    {
        var database = await DatabaseAsync();
        var item = await ShopData.ItemAsync(database, stock: 20);
        var shoppers = await ShopData.ShoppersAsync(database, 10);
        foreach (var shopper in shoppers) Assert.Null(await ShopData.Cart(database).AddAsync(shopper, item.Id, 1));
        var log = new RelayTestLog { Down = true };
        var status = new RelayStatus();
        var relay = NewRelay(database, log, _clock, "relay-a", status: status);
        var health = Health(database, status);

        // Half the shoppers check out at once, the relay fails, the other half check out, it fails again.
        foreach (var half in shoppers.Chunk(5))
        {
            var results = await Task.WhenAll(half.Select(s => Task.Run(() => ShopData.Checkout(database).CheckoutAsync(s, ShopData.Request()))));
            Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
            Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());
        }

        Assert.Equal(20, await UnpublishedAsync(database)); // OrderPlaced and StockChanged of each of the ten orders
        Assert.Empty(log.Stored);
        var degraded = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, degraded.Status);
        Assert.Contains("cannot be reached", degraded.Description);
        Assert.Contains("20 events wait", degraded.Description);
        Assert.Equal(2, status.Current.ConsecutiveFailures);
        await using (var db = database.NewContext())
            Assert.All(await db.OutboxMessages.Where(m => m.Type == EventCatalog.TypeOf<OrderPlaced>()).ToListAsync(),
                m => Assert.Contains("cannot be reached", m.LastError));

        log.Down = false;
        await DrainAsync(relay);

        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
        Assert.Equal(0, await UnpublishedAsync(database));
        Assert.Equal(20, log.Ids.Distinct().Count()); // 0 lost, 0 twice
        Assert.Equal(20, log.Stored.Count);
        Assert.Equal(10, log.Stored.Count(m => m.Headers[CloudEventHeaders.Type] == EventCatalog.TypeOf<OrderPlaced>()));
        // The item's stock events reach the log in the order the checkouts committed: 19 down to 10.
        Assert.Equal(Enumerable.Range(10, 10).Reverse(), log.StocksByKey()[$"item-{item.Id}"]);
    }

    [SkippableFact]
    public async Task Ready_is_degraded_when_the_oldest_unpublished_event_is_older_than_the_setting_even_on_an_instance_that_stands_by()
    {
        var database = await DatabaseAsync();
        var health = Health(database, new RelayStatus());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);
        await EnqueueAsync(database, Counting(2, 1), _clock.Now);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync(health)).Status);

        _clock.Advance(new RelayOptions().DegradedBacklogAge + TimeSpan.FromSeconds(1));

        var result = await CheckAsync(health);
        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("2 events wait in the outbox; the oldest since", result.Description);
        Assert.Contains("Events:Relay:DegradedBacklogAge", result.Description);
    }

    [SkippableFact]
    public async Task The_hosted_relay_backs_off_while_the_log_is_down_drains_when_it_is_back_and_gives_its_lease_up_when_stopped()
    {
        var database = await DatabaseAsync();
        var log = new RelayTestLog { Down = true };
        var status = new RelayStatus();
        var options = new RelayOptions { PollInterval = TimeSpan.FromMilliseconds(20), MinBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(50) };
        var relay = NewRelay(database, log, TimeProvider.System, "hosted", options, status);
        await EnqueueAsync(database, Counting(3, 5), DateTime.UtcNow);

        await relay.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => Task.FromResult(status.Current.ConsecutiveFailures >= 3));
            Assert.Empty(log.Stored);
            log.Down = false;
            await Eventually(async () => await UnpublishedAsync(database) == 0);
            await EnqueueAsync(database, Counting(3, 1, firstItem: 4), DateTime.UtcNow);
            await Eventually(async () => await UnpublishedAsync(database) == 0);
        }
        finally
        {
            await relay.StopAsync(CancellationToken.None);
        }

        Assert.Equal(18, log.Ids.Distinct().Count());
        Assert.Equal(18, log.Stored.Count);
        Assert.Equal((0, true), (status.Current.ConsecutiveFailures, status.Current.HoldsLease));
        Assert.Null((await LeaseAsync(database)).Owner);
    }

    /// <summary>Waits for a condition the relay's own loop brings about (a generous bound, not a timing assertion).</summary>
    private static async Task Eventually(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The relay did not get there within a minute.");
            await Task.Delay(20);
        }
    }
}
