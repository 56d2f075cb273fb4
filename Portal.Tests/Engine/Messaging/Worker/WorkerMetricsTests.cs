using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;
using Portal.Engine.Messaging.Worker;
using Portal.Tests.Engine.Messaging.Log;
using Portal.Tests.Infrastructure;
using static Portal.Tests.Engine.Messaging.Worker.WorkerTesting;

namespace Portal.Tests.Engine.Messaging.Worker;

/// <summary>A running worker publishes the Admin page's figures as gauges: partition offsets, paused, dead letters waiting.</summary>
public sealed class WorkerMetricsTests() : ProviderSuite(DatabaseOptions.Sqlite)
{
    [SkippableFact]
    public async Task A_running_worker_reports_offsets_its_pause_and_its_waiting_dead_letters_as_gauges()
    {
        var database = await DatabaseAsync();
        var log = await EmbeddedLogs.OpenAsync(database);
        var events = NewTopics();
        var options = Options(o => o.MaximumRetryAttempts = 0);
        var factory = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
        var seen = new ConcurrentDictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory)) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<int>((i, v, tags, _) => seen[Key(i.Name, tags)] = v);
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => seen[Key(i.Name, tags)] = v);
        listener.Start();
        var handler = new ScriptedHandler("gauged", (batch, _) => new BatchResponse(batch.Records
            .Where(r => ScriptedHandler.Item(r) == 2).Select(r => new BatchItemFailure(r.Record.TopicPartition, r.Record.Offset, "item 2 is bad")).ToList()));
        await PublishAsync(log, events, [1, 2, 3], _ => "visitor");

        await using (Start(handler, log, database, events, options, new PipelineMetrics(factory)))
        {
            await UntilAsync(() => AllCommittedAsync(log, events, options, handler.Name), "all committed");
            await UntilAsync(() => { listener.RecordObservableInstruments(); return seen.GetValueOrDefault("portal.events.dead_letters.waiting|gauged") == 2; },
                "two dead letters waiting (the bad record and the one after it in its partition)");
            Assert.Equal(0, seen["portal.events.paused|gauged"]);
            var partition = (await log.DescribeAsync(options.GroupOf("gauged"), [events.TopicOf(EventFamilies.Activity)])).Single(p => p.EndOffset > 0);
            await UntilAsync(() =>
            {
                listener.RecordObservableInstruments();
                return seen.GetValueOrDefault($"portal.events.committed_offset|{options.GroupOf("gauged")}|{partition.Topic}|{partition.Partition}") == 3;
            }, "the committed offset gauge reached 3");
            Assert.Equal(3, seen[$"portal.events.end_offset|{options.GroupOf("gauged")}|{partition.Topic}|{partition.Partition}"]);

            await Monitor([handler], log, database, events, options).SetPausedAsync("gauged", true, "admin@portal.local");
            await UntilAsync(() => { listener.RecordObservableInstruments(); return seen.GetValueOrDefault("portal.events.paused|gauged") == 1; }, "paused shows");
        }
    }

    private static string Key(string instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string> { instrument };
        foreach (var tag in tags) parts.Add(tag.Value?.ToString() ?? "");
        return string.Join("|", parts);
    }
}
