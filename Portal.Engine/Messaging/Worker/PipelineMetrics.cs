using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// The pipeline's figures as <see cref="System.Diagnostics.Metrics"/> instruments on the Meter <c>Portal.Events</c>, so an
/// OpenTelemetry exporter can publish them: the ones Lambda publishes for an event source mapping (batch size, invocation
/// duration, errors, offset lag per partition), the Admin Pipeline page's partition figures (end and committed offset), whether
/// a handler is paused, and the dead letters (sent, and waiting now).
/// </summary>
public sealed class PipelineMetrics
{
    public const string MeterName = "Portal.Events";

    private readonly ConcurrentDictionary<(string Group, TopicPartition Partition), PartitionState> _partitions = new();
    private readonly ConcurrentDictionary<string, bool> _paused = new();
    private readonly ConcurrentDictionary<string, long> _waitingDeadLetters = new();
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _records;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _deadLetters;

    public PipelineMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _batchSize = meter.CreateHistogram<int>("portal.events.batch.size", "{record}", "Records per handler invocation.");
        _duration = meter.CreateHistogram<double>("portal.events.handler.duration", "ms", "How long a handler took for one batch.");
        _records = meter.CreateCounter<long>("portal.events.records.handled", "{record}", "Records a handler took (not counting dead letters).");
        _errors = meter.CreateCounter<long>("portal.events.handler.errors", "{invocation}", "Invocations that threw or reported failed records.");
        _deadLetters = meter.CreateCounter<long>("portal.events.dead_letters", "{record}", "Records sent to the dead letters.");
        meter.CreateObservableGauge("portal.events.lag", () => ObservePartitions(p => p.Lag), "{record}",
            "Records in a partition the group has not committed yet (OffsetLag).");
        meter.CreateObservableGauge("portal.events.end_offset", () => ObservePartitions(p => p.EndOffset), "{offset}",
            "The offset the next record appended to a partition gets.");
        meter.CreateObservableGauge("portal.events.committed_offset", () => ObservePartitions(p => p.CommittedOffset ?? 0), "{offset}",
            "The offset the group has committed in a partition (0 before its first commit).");
        meter.CreateObservableGauge("portal.events.paused", () => _paused.Select(p => new Measurement<int>(p.Value ? 1 : 0,
            new KeyValuePair<string, object?>("handler", p.Key))), "{handler}", "1 while an administrator has paused the handler's consumer.");
        meter.CreateObservableGauge("portal.events.dead_letters.waiting", () => _waitingDeadLetters.Select(p => new Measurement<long>(p.Value,
            new KeyValuePair<string, object?>("handler", p.Key))), "{record}", "Dead letters of the handler waiting for a retry or a discard.");
    }

    public void Invoked(string handler, int size, int handled, double durationMs, bool failed)
    {
        var tag = new KeyValuePair<string, object?>("handler", handler);
        _batchSize.Record(size, tag);
        _duration.Record(durationMs, tag);
        if (handled > 0) _records.Add(handled, tag);
        if (failed) _errors.Add(1, tag);
    }

    public void DeadLettered(string handler, int count) => _deadLetters.Add(count, new KeyValuePair<string, object?>("handler", handler));

    public void Lag(string group, IEnumerable<PartitionState> partitions)
    {
        foreach (var p in partitions) _partitions[(group, new TopicPartition(p.Topic, p.Partition))] = p;
    }

    /// <summary>What a worker's control round found: whether its handler is paused and how many dead letters it has.</summary>
    public void Controlled(string handler, bool paused, long deadLetters)
    {
        _paused[handler] = paused;
        _waitingDeadLetters[handler] = deadLetters;
    }

    private IEnumerable<Measurement<long>> ObservePartitions(Func<PartitionState, long> figure) => _partitions.Select(p => new Measurement<long>(
        figure(p.Value),
        new KeyValuePair<string, object?>("group", p.Key.Group),
        new KeyValuePair<string, object?>("topic", p.Key.Partition.Topic),
        new KeyValuePair<string, object?>("partition", p.Key.Partition.Partition)));
}
