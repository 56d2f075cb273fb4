using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Engine.Data;
using Portal.Engine.Images;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Log;
using Portal.Engine.Messaging.Log.Kafka;
using Portal.Engine.Messaging.Relay;
using Portal.Engine.Messaging.Worker;
using Portal.Engine.Telemetry;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Engine.Messaging.Log.Kafka;
using Portal.Tests.Engine.Messaging.Relay;
using Portal.Tests.Engine.Messaging.Worker;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Pipeline.PipelineFlow;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Pipeline;

public sealed class SqliteEmbeddedPipelineTests() : PipelineTests(DatabaseOptions.Sqlite, kafka: false);

public sealed class PostgresEmbeddedPipelineTests() : PipelineTests(DatabaseOptions.Postgres, kafka: false);

public sealed class SqliteKafkaPipelineTests() : PipelineTests(DatabaseOptions.Sqlite, kafka: true);

public sealed class PostgresKafkaPipelineTests() : PipelineTests(DatabaseOptions.Postgres, kafka: true);

/// <summary>
/// The whole pipeline: outbox rows written by real changes → <see cref="OutboxRelay"/> → the event log (embedded in the
/// database, or Kafka) → <see cref="BatchWorker"/> → a handler that applies each event once through the inbox. Each
/// opened log stands for another process. Kafka is the loopback peer (PORTAL_TEST_KAFKA: skips without it on a developer
/// machine, fails under CI=true), except where the broker must go down: there a private in-process mock cluster.
/// </summary>
public abstract class PipelineTests(string provider, bool kafka) : ProviderSuite(provider)
{
    private readonly List<IDisposable> _owned = [];
    private readonly ManualClock _clock = new(DateTime.UtcNow);

    /// <summary>A log on the shared Kafka peer, or the embedded log on the suite's database.</summary>
    private async Task<IEventLog> OpenLogAsync(TestDatabase database) => kafka ? Own(new KafkaEventLog(Microsoft.Extensions.Options.Options.Create(KafkaPeer.Options(KafkaPeer.Require())))) : await EmbeddedLogs.OpenAsync(database);

    private T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    [SkippableFact]
    public async Task While_the_log_is_down_concurrent_checkouts_are_all_accepted_and_when_it_returns_every_event_is_applied_once()
    {
        var database = await DatabaseAsync();
        var events = NewTopics();
        var (relayLog, workerLog, down, up) = await BreakableLogsAsync(database, events);
        var handler = new CountingHandler(database);
        await using var worker = Start(handler, workerLog, database, events, Options(o => o.BatchSize = 10));
        var relay = NewRelay(database, relayLog, events, _clock, "relay-a");

        const int shoppers = 16;
        var item = await ShopData.ItemAsync(database, stock: shoppers * 2);
        var people = await ShopData.ShoppersAsync(database, shoppers);
        foreach (var person in people) Assert.Null(await ShopData.Cart(database).AddAsync(person, item.Id, 1));

        down();
        var results = await Task.WhenAll(people.Select(p => Task.Run(() => ShopData.Checkout(database).CheckoutAsync(p, ShopData.Request()))));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error)); // every checkout accepted while the log is down
        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());
        var waiting = await UnpublishedAsync(database);
        Assert.True(waiting >= shoppers * 2, $"{waiting} events wait in the outbox"); // OrderPlaced + StockChanged each
        Assert.Empty(await CountingHandler.EffectsAsync(database));

        up();
        await RelayUntilDrainedAsync(database, [relay]);
        var total = (await OutboxEventIdsAsync(database)).Count;
        await UntilAllAppliedAsync(database, total, TimeSpan.FromMinutes(4));

        await AssertEachAppliedOnceAsync(database); // 0 lost, 0 applied twice
        // The stock events of the one item were applied in the order the checkouts committed them: stock going down by one.
        var stocks = handler.AppliedStocksByKey[$"item-{item.Id}"];
        Assert.Equal(Enumerable.Range(shoppers, shoppers).Reverse(), stocks);
    }

    [SkippableFact]
    public async Task While_the_log_is_down_uploads_are_all_accepted_and_when_it_returns_every_image_is_processed_once_and_Ready()
    {
        var database = await DatabaseAsync();
        var events = NewTopics();
        var (relayLog, workerLog, down, up) = await BreakableLogsAsync(database, events);
        var images = Own(new PipelineImages(database));
        var counting = new CountingHandler(database);
        await using var countingWorker = Start(counting, workerLog, database, events, Options(o => o.BatchSize = 10));
        await using var imageWorker = Start(images.Handler, workerLog, database, events, Options(o => o.BatchSize = 10));
        var relay = NewRelay(database, relayLog, events, _clock, "relay-a");
        var customers = await images.CustomersAsync(3);

        down();
        const int perCustomer = 4;
        var uploads = await Task.WhenAll(customers.SelectMany((c, i) => Enumerable.Range(i * perCustomer, perCustomer)
            .Select(n => Task.Run(() => images.UploadAsync(c, n)))));
        Assert.All(uploads, u => Assert.True(u.Image is not null, u.Error)); // every upload accepted while the log is down
        Assert.Equal(RelayStep.Failed, await relay.RunOnceAsync());
        Assert.Equal(uploads.Length, await UnpublishedAsync(database)); // an ImageUploaded each, waiting in the outbox
        Assert.All(await images.ImagesAsync(), i => Assert.Equal(ImageStatus.Uploaded, i.Status));

        up();
        // The relay keeps going while the worker processes: the images' own status events follow the uploads to the log.
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(4); // an upper bound for a worker rejoining after an outage, not a timing check
        while ((await images.ImagesAsync()).Any(i => i.Status != ImageStatus.Ready))
        {
            if (DateTime.UtcNow > until) Assert.Fail($"Not Ready: {string.Join(", ", (await images.ImagesAsync()).Select(i => $"{i.FileName} {i.Status} {i.Error}"))}");
            await relay.RunOnceAsync();
            await Task.Delay(50);
        }
        await RelayUntilDrainedAsync(database, [relay]);
        var total = (await OutboxEventIdsAsync(database)).Count;
        Assert.Equal(uploads.Length * 3, total); // uploaded, processing, processed per image: none started twice
        await UntilAllAppliedAsync(database, total, TimeSpan.FromMinutes(4));

        await AssertEachAppliedOnceAsync(database); // 0 lost, 0 applied twice
        await using var db = database.NewContext();
        var uploaded = await db.OutboxMessages.Where(m => m.Type == EventCatalog.TypeOf<ImageUploaded>()).Select(m => m.EventId).ToListAsync();
        Assert.Equal(uploads.Length, uploaded.Count);
        Assert.Equal(uploaded.Select(id => id.ToString()).Order(), (await CountingHandler.EffectsAsync(database)).Intersect(uploaded.Select(id => id.ToString())).Order());
        Assert.All(await images.ImagesAsync(), i => Assert.Equal((ImageStatus.Ready, 1), (i.Status, i.Attempts)));
    }

    [SkippableFact]
    public async Task Two_relays_at_once_with_the_lease_changing_hands_apply_every_event_once_and_in_order_per_key()
    {
        var database = await DatabaseAsync();
        var events = NewTopics();
        var handler = new CountingHandler(database);
        await using var worker = Start(handler, await OpenLogAsync(database), database, events, Options(o => o.BatchSize = 25));
        var a = NewRelay(database, await OpenLogAsync(database), events, _clock, "process-a");
        var b = NewRelay(database, await OpenLogAsync(database), events, _clock, "process-b");

        const int items = 12, perItem = 10;
        var writers = Task.WhenAll(Enumerable.Range(0, 4).Select(w =>
            Task.Run(() => RelayHarness.EnqueueAsync(database, RelayHarness.Counting(items / 4, perItem, firstItem: w * (items / 4) + 1), _clock.Now))));
        // Every few rounds the holder's lease runs out, so the other relay takes over mid-stream (fenced hand-over).
        await RelayUntilDrainedAsync(database, [a, b], writers, round =>
        {
            if (round % 4 == 0) _clock.Advance(new RelayOptions().LeaseDuration + TimeSpan.FromSeconds(1));
        });

        await UntilAllAppliedAsync(database, items * perItem);
        await AssertEachAppliedOnceAsync(database);
        RelayHarness.AssertCountingInOrder(handler.AppliedStocksByKey, items, perItem);
    }

    [SkippableFact]
    public async Task A_worker_killed_before_it_commits_gets_its_events_redelivered_to_the_next_one_without_a_double_effect()
    {
        var database = await DatabaseAsync();
        var events = NewTopics();
        var options = Options(o => o.BatchSize = 10);
        var relay = NewRelay(database, await OpenLogAsync(database), events, _clock, "relay-a");
        await RelayHarness.EnqueueAsync(database, RelayHarness.Counting(8, 5), _clock.Now);
        await RelayUntilDrainedAsync(database, [relay]);
        var handler = new CountingHandler(database);

        // The first worker process dies right after its first batch was handled: its commit never reaches the log.
        var kill = new CancellationTokenSource();
        var first = Start(handler, new DiesBeforeCommitLog(await OpenLogAsync(database), kill), database, events, options, stop: kill);
        await UntilAsync(() => kill.IsCancellationRequested, "the first worker died before committing");
        await first.DisposeAsync();
        var beforeDying = handler.Deliveries.Count;
        Assert.InRange(beforeDying, 1, 40);
        Assert.Equal(beforeDying, (await CountingHandler.EffectsAsync(database)).Count);

        // Another process takes over the group and gets those records again.
        var log = await OpenLogAsync(database);
        await using (Start(handler, log, database, events, options))
            await UntilAsync(async () => (await log.DescribeAsync(options.GroupOf(handler.Name), [events.TopicOf(EventFamilies.Catalog)])).All(p => p.Lag == 0),
                "the second worker committed everything");

        Assert.True(handler.Deliveries.Count >= 40 + beforeDying, $"{handler.Deliveries.Count} deliveries");
        await AssertEachAppliedOnceAsync(database);
        RelayHarness.AssertCountingInOrder(handler.AppliedStocksByKey, items: 8, perItem: 5);
    }

    [SkippableFact]
    public async Task An_event_written_in_a_traced_request_is_published_and_handled_in_that_requests_trace()
    {
        var database = await DatabaseAsync();
        var events = NewTopics();
        // An in-memory listener: every span of these sources that ended (other tests' too: filtered by trace id below).
        var spans = new ConcurrentQueue<Activity>();
        using var request = new ActivitySource("Portal.Tests.Pipeline");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == request.Name || s.Name == PortalTelemetry.EventsName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        ActivityTraceId trace;
        ActivitySpanId requestSpan;
        using (var upload = request.StartActivity("POST /api/images"))
        {
            (trace, requestSpan) = (upload!.TraceId, upload.SpanId);
            await RelayHarness.EnqueueAsync(database, [new ProductViewed("visitor-1", null, 1)], _clock.Now);
        }
        await RelayHarness.EnqueueAsync(database, [new ProductViewed("visitor-2", null, 2)], _clock.Now); // written untraced
        await RelayUntilDrainedAsync(database, [NewRelay(database, await OpenLogAsync(database), events, _clock, "relay-a")]);

        var handler = new TracedHandler();
        await using (Start(handler, await OpenLogAsync(database), database, events, Options()))
            await UntilAsync(() => handler.Handled.Count == 2 && spans.Any(s => s.TraceId == trace && s.Kind == ActivityKind.Consumer),
                "both events handled, the traced one's handling span ended");

        var traced = handler.Handled.Single(h => h.Item == 1);
        Assert.Equal<ActivityTraceId?>(trace, traced.Trace); // the handler ran in the request's trace
        var publish = Assert.Single(spans, s => s.TraceId == trace && s.Kind == ActivityKind.Producer);
        Assert.Equal(requestSpan, publish.ParentSpanId);
        var process = Assert.Single(spans, s => s.TraceId == trace && s.Kind == ActivityKind.Consumer);
        Assert.Equal(publish.SpanId, process.ParentSpanId);
        Assert.NotEqual<ActivityTraceId?>(trace, handler.Handled.Single(h => h.Item == 2).Trace); // no context stored: a trace of its own
    }

    /// <summary>A log the test takes down and brings back: Kafka's brokers (a private mock cluster), or the embedded log's
    /// database as the relay's process sees it (the worker is another process that still reaches it).</summary>
    private async Task<(IEventLog Relay, IEventLog Worker, Action Down, Action Up)> BreakableLogsAsync(TestDatabase database, EventsOptions events)
    {
        if (!kafka)
        {
            var severed = new SeveredContexts(database);
            return (await EmbeddedLogs.OpenAsync(database, contexts: severed), await EmbeddedLogs.OpenAsync(database),
                () => severed.Down = true, () => severed.Down = false);
        }
        var cluster = new MockKafkaCluster();
        foreach (var family in EventFamilies.All) cluster.CreateTopic(events.TopicOf(family), 4);
        var settings = KafkaPeer.Options(cluster.BootstrapServers, publishTimeout: TimeSpan.FromSeconds(3));
        var relayLog = new KafkaEventLog(Microsoft.Extensions.Options.Options.Create(settings));
        var workerLog = new KafkaEventLog(Microsoft.Extensions.Options.Options.Create(settings),
            Environment.GetEnvironmentVariable("PORTAL_TEST_LOGFILE") is { } logFile ? new FileLog<KafkaEventLog>(logFile) : null);
        _owned.AddRange([relayLog, workerLog, cluster]);
        return (relayLog, workerLog, cluster.Down, cluster.Up);
    }

    public override async Task DisposeAsync()
    {
        foreach (var owned in _owned) owned.Dispose(); // logs first, the mock cluster last
        await base.DisposeAsync();
    }
}
