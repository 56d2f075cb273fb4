using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Operations;
using Portal.Engine.Telemetry;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Engine.Operations;

public sealed class SqliteInstanceSampleTests() : InstanceSampleTests(DatabaseOptions.Sqlite);

public sealed class PostgresInstanceSampleTests() : InstanceSampleTests(DatabaseOptions.Postgres);

/// <summary>
/// The System page's samples on each provider: the sampler writes what it heard (requests, errors, p95, consumer lag) and the
/// outbox backlog to <c>instance_samples</c>, pruning those past retention; <see cref="SystemFigures"/> reads them back per
/// instance and per sampling slice. Times are whole seconds (PostgreSQL keeps microseconds).
/// </summary>
public abstract class InstanceSampleTests(string provider) : ProviderSuite(provider)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private static readonly SamplingOptions Sampling = new() { Interval = TimeSpan.FromSeconds(15), Retention = TimeSpan.FromHours(1) };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [SkippableFact]
    public async Task A_sample_holds_what_the_listener_heard_and_the_outbox_backlog_and_samples_past_retention_are_pruned()
    {
        var database = await DatabaseAsync();
        await using (var db = database.NewContext())
        {
            db.InstanceSamples.Add(new InstanceSample { Instance = "gone", At = (Now - TimeSpan.FromHours(2)).UtcDateTime });
            db.InstanceSamples.Add(new InstanceSample { Instance = "recent", At = (Now - TimeSpan.FromMinutes(30)).UtcDateTime });
            for (var i = 0; i < 3; i++)
                db.OutboxMessages.Add(new OutboxMessage
                {
                    EventId = Guid.NewGuid(), Family = "orders", Key = $"order-{i}", Type = "portal.orders.completed.v1", Payload = "{}",
                    OccurredAt = Now.UtcDateTime,
                });
            await db.SaveChangesAsync();
            // The first is published: the relay deletes its pending row (the outbox's trigger wrote one for each).
            var first = await db.OutboxMessages.Where(m => m.Key == "order-0").Select(m => m.Sequence).SingleAsync();
            await db.OutboxPending.Where(p => p.Sequence == first).ExecuteDeleteAsync();
        }
        var meters = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var hosting = meters.Create("Microsoft.AspNetCore.Hosting");
        var durations = hosting.CreateHistogram<double>("http.server.request.duration", "s");
        meters.Create(PortalTelemetry.EventsName).CreateObservableGauge("portal.events.lag", () => new[]
        {
            new Measurement<long>(7, new KeyValuePair<string, object?>("group", "g"), new("topic", "t"), new("partition", 0)),
            new Measurement<long>(5, new KeyValuePair<string, object?>("group", "g"), new("topic", "t"), new("partition", 1)),
        });
        using var sampler = new InstanceSampler(new TestDbContextFactory(database), meters, Options.Create(Sampling), new FixedClock(Now),
            NullLogger<InstanceSampler>.Instance);
        await sampler.StartAsync(CancellationToken.None);

        // The listener starts with the sampler's loop: until a sample shows a request, it was not listening yet.
        var deadline = DateTime.UtcNow + Patience;
        do
        {
            Assert.True(DateTime.UtcNow < deadline, "the sampler never heard a request");
            durations.Record(0.001, new KeyValuePair<string, object?>("http.response.status_code", 200));
        } while ((await sampler.SampleAsync(Now, seconds: 1)).RequestsPerSecond == 0);

        for (var i = 1; i <= 19; i++) durations.Record(i / 1000.0, new KeyValuePair<string, object?>("http.response.status_code", 200));
        durations.Record(2.0, new KeyValuePair<string, object?>("http.response.status_code", 503));
        var sample = await sampler.SampleAsync(Now, seconds: 10);
        await sampler.StopAsync(CancellationToken.None);

        Assert.Equal((2.0, 0.05, 2L, 12L), (sample.RequestsPerSecond, sample.ErrorRate, sample.OutboxWaiting, sample.ConsumerLag));
        Assert.Equal(19.0, sample.P95Milliseconds!.Value, 9); // the 19th of 20 sorted durations
        await using var read = database.NewContext();
        var stored = await read.InstanceSamples.AsNoTracking().Where(s => s.Id == sample.Id).SingleAsync();
        Assert.Equal((InstanceIdentity.Id, Now.UtcDateTime, 2.0, 0.05, sample.P95Milliseconds, 2L, 12L),
            (stored.Instance, DateTime.SpecifyKind(stored.At, DateTimeKind.Utc), stored.RequestsPerSecond, stored.ErrorRate, stored.P95Milliseconds, stored.OutboxWaiting, stored.ConsumerLag));
        var instances = await read.InstanceSamples.AsNoTracking().Select(s => s.Instance).Distinct().OrderBy(i => i).ToListAsync();
        Assert.Equal(new[] { InstanceIdentity.Id, "recent" }.Order(StringComparer.Ordinal), instances.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task The_overview_lists_instances_alive_first_with_their_latest_sample_and_sums_each_slice()
    {
        var database = await DatabaseAsync();
        DateTime Ago(int seconds) => (Now - TimeSpan.FromSeconds(seconds)).UtcDateTime;
        await using (var db = database.NewContext())
        {
            db.InstanceSamples.AddRange(
                new InstanceSample { Instance = "a", At = Ago(30), RequestsPerSecond = 2, ErrorRate = 0.5, P95Milliseconds = 100, CacheHitRatio = 0.5, OutboxWaiting = 3, ConsumerLag = 4 },
                new InstanceSample { Instance = "a", At = Ago(15), RequestsPerSecond = 4, ErrorRate = 0.25, P95Milliseconds = 200, OutboxWaiting = 1, ConsumerLag = 2 },
                new InstanceSample { Instance = "b", At = Ago(15), RequestsPerSecond = 6, ErrorRate = 0, P95Milliseconds = 50, CacheHitRatio = 1, OutboxWaiting = 5, ConsumerLag = 1 },
                new InstanceSample { Instance = "c", At = Ago(300), RequestsPerSecond = 1 },
                new InstanceSample { Instance = "d", At = Ago(3600) });
            await db.SaveChangesAsync();
        }
        var figures = new SystemFigures(new TestDbContextFactory(database), Options.Create(Sampling), new FixedClock(Now));

        var overview = await figures.ReadAsync(TimeSpan.FromMinutes(10));

        Assert.Equal(["a", "b", "c"], overview.Instances.Select(i => i.Instance));
        Assert.Equal([true, true, false], overview.Instances.Select(i => i.Alive));
        Assert.Equal((Ago(15), 4.0), (DateTime.SpecifyKind(overview.Instances[0].LastSeen, DateTimeKind.Utc), overview.Instances[0].Latest.RequestsPerSecond));
        Assert.Equal(3, overview.Series.Count);
        var now = overview.Now!;
        Assert.Equal((10.0, 0.1, 200.0, 1.0, 5L, 3L), (now.RequestsPerSecond, now.ErrorRate, now.P95Milliseconds!.Value, now.CacheHitRatio!.Value, now.OutboxWaiting, now.ConsumerLag));
        Assert.Equal(Now.UtcDateTime, DateTime.SpecifyKind(now.At, DateTimeKind.Utc));
        var first = overview.Series[0];
        Assert.Equal((1.0, (double?)null), (first.RequestsPerSecond, first.CacheHitRatio));

        var recent = await figures.ReadAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(["a", "b"], recent.Instances.Select(i => i.Instance));
    }
}
