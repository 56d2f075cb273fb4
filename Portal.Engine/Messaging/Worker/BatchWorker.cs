using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// One handler's poller, as Lambda's Kafka event source mapping polls for a function: it joins the handler's consumer group,
/// gathers a batch (up to <see cref="WorkerOptions.BatchSize"/> records or <see cref="WorkerOptions.MaximumBatchBytes"/>,
/// waiting up to <see cref="WorkerOptions.MaximumBatchingWindow"/> after the first record), invokes the handler synchronously
/// (<see cref="BatchInvoker"/>: retries, bisect, partial batch response), writes what failed for good and what could not be
/// read to the dead letters, and only then commits the offsets (at least once: a worker that dies before it commits has its
/// batch delivered again, and the handler's inbox keeps the effect single). Order is kept per partition: a batch is finished
/// before the next poll. Every <see cref="WorkerOptions.ControlInterval"/> it also reads the pause switch (in the database, so
/// every instance obeys it), takes up retries asked for from the dead letters, saves its figures and reports the lag.
/// </summary>
public sealed class BatchWorker(IEventBatchHandler handler, IEventLog log, IDbContextFactory<PortalDbContext> dbs, WorkerOptions options,
    EventsOptions events, PipelineMetrics metrics, TimeProvider clock, ILogger<BatchWorker> logger)
{
    private readonly List<WorkerInvocation> _invocations = [];
    private readonly IReadOnlyCollection<string> _topics = handler.Families.Select(events.TopicOf).ToList();
    private BatchInvoker? _invoker;
    private long _nextControl;
    private DateTime _nextPrune;
    private bool _paused;
    private long _nextLag;
    private Task<(bool Paused, bool RetriesAsked)>? _round;
    private bool _controlled;

    public string Group => options.GroupOf(handler.Name);

    private BatchInvoker Invoker => _invoker ??= new BatchInvoker(handler, options, clock, Invoked, logger);

    public async Task RunAsync(CancellationToken stop)
    {
        IEventLogConsumer? consumer = null;
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (await ControlAsync(stop))
                    {
                        consumer = await LeaveAsync(consumer);
                        await Task.Delay(options.ControlInterval, clock, stop);
                        continue;
                    }
                    consumer ??= log.Subscribe(new ConsumerSettings(Group, _topics, options.StartingPosition, options.StartingTimestamp));
                    var records = await CollectAsync(consumer, stop);
                    if (records.Count > 0) await HandleAsync(consumer, records, stop);
                    failures = 0;
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    // Whatever was polled and not committed comes again: leave the group and join afresh after a pause.
                    failures++;
                    logger.LogWarning(e, "Batch worker {Handler} failed; it tries again (failure {Count} in a row).", handler.Name, failures);
                    consumer = await LeaveAsync(consumer);
                    _nextControl = 0;
                    _controlled = false;
                    await Task.Delay(BatchInvoker.Backoff(options, failures), clock, stop);
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Stopping: a log call cut short by the stop (or timing out meanwhile, as Kafka's admin calls do while the
            // brokers are unreachable) is not a failure of the worker.
        }
        finally
        {
            await LeaveAsync(consumer);
            await SaveFiguresAsync();
            if (_round is { } round)
                try { await round; }
                catch (Exception) { } // stopping: a control round cut short is not a failure
        }
    }

    /// <summary>On the way out: the figures not saved yet, best effort.</summary>
    private async Task SaveFiguresAsync()
    {
        List<WorkerInvocation> pending;
        lock (_invocations) { pending = [.. _invocations]; _invocations.Clear(); }
        if (pending.Count == 0) return;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using var db = await dbs.CreateDbContextAsync(bound.Token);
            db.WorkerInvocations.AddRange(pending);
            await db.SaveChangesAsync(bound.Token);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Batch worker {Handler} could not save its last figures.", handler.Name);
        }
    }

    private async Task<IEventLogConsumer?> LeaveAsync(IEventLogConsumer? consumer)
    {
        if (consumer is null) return null;
        try { await consumer.DisposeAsync(); }
        catch (Exception e) { logger.LogWarning(e, "Batch worker {Handler} could not leave its group cleanly.", handler.Name); }
        return null;
    }

    /// <summary>The first poll waits up to the control interval for a record; then the batching window runs.</summary>
    private async Task<List<LogRecord>> CollectAsync(IEventLogConsumer consumer, CancellationToken stop)
    {
        var batch = new List<LogRecord>();
        long bytes = 0;
        var polled = await consumer.PollAsync(options.BatchSize, options.ControlInterval, stop);
        if (!Add(polled)) return batch;
        var started = clock.GetTimestamp();
        while (batch.Count < options.BatchSize)
        {
            var left = options.MaximumBatchingWindow - clock.GetElapsedTime(started);
            if (left <= TimeSpan.Zero) break;
            polled = await consumer.PollAsync(options.BatchSize - batch.Count, left, stop);
            if (polled.Count == 0 || !Add(polled)) break;
        }
        return batch;

        // False once the batch is full by bytes: what did not fit is polled again next time.
        bool Add(IReadOnlyList<LogRecord> records)
        {
            for (var i = 0; i < records.Count; i++)
            {
                if (batch.Count > 0 && bytes + records[i].Value.Length > options.MaximumBatchBytes)
                {
                    foreach (var rest in records.Skip(i).GroupBy(r => r.TopicPartition))
                        consumer.Seek(rest.Key, rest.Min(r => r.Offset));
                    return false;
                }
                batch.Add(records[i]);
                bytes += records[i].Value.Length;
            }
            return records.Count > 0;
        }
    }

    private async Task HandleAsync(IEventLogConsumer consumer, List<LogRecord> records, CancellationToken stop)
    {
        var readable = new List<BatchRecord>(records.Count);
        var now = clock.GetUtcNow().UtcDateTime;
        var letters = new List<DeadLetter>();
        foreach (var record in records)
            if (RecordReader.TryRead(record, events, out var read, out var problem)) readable.Add(read!);
            else letters.Add(DeadLetters.From(handler.Name, record, problem!, 0, now, now));
        if (letters.Count > 0)
            logger.LogWarning("Batch worker {Handler} dead-letters {Count} unreadable records, e.g. {Problem}", handler.Name, letters.Count, letters[0].Error);
        var failedRecords = readable.Count > 0 ? await Invoker.RunAsync(readable, stop) : [];
        foreach (var failed in failedRecords)
            letters.Add(DeadLetters.From(handler.Name, failed.Record.Record, failed.Error, failed.Attempts, failed.FirstFailedAt, failed.LastFailedAt));
        if (letters.Count > 0)
        {
            await using var db = await dbs.CreateDbContextAsync(stop);
            db.DeadLetters.AddRange(letters);
            await db.SaveChangesAsync(stop);
            metrics.DeadLettered(handler.Name, letters.Count);
        }
        if (failedRecords.Count > 0 && handler is IDeadLetterAware aware)
            await aware.OnDeadLetteredAsync([.. failedRecords.Select(f => new DeadLetteredRecord(f.Record, f.Error))], stop);
        var next = records.GroupBy(r => r.TopicPartition).ToDictionary(g => g.Key, g => g.Max(r => r.Offset) + 1);
        // Handled is handled: commit even when asked to stop, within a bound, so a clean shutdown does not redeliver.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        if (!await consumer.CommitAsync(next, bound.Token))
            logger.LogInformation("Batch worker {Handler} lost a partition before committing; its new owner delivers the batch again.", handler.Name);
    }

    private void Invoked(WorkerInvocation invocation)
    {
        metrics.Invoked(invocation.Handler, invocation.Size, invocation.Handled, invocation.DurationMs, invocation.Handled < invocation.Size);
        lock (_invocations) _invocations.Add(invocation);
    }

    /// <summary>
    /// Every control interval: figures saved, pause read, dead-letter retries taken up, lag reported. True while paused. The
    /// round's database and admin calls run beside the polling (they took a good part of the worker's time under load): the
    /// loop takes the answer up when it is there. Only the first round (at start and after a failure) is waited for, since it
    /// decides whether to join the group at all; so a pause or a retry request is seen within about two control intervals.
    /// </summary>
    private async Task<bool> ControlAsync(CancellationToken stop)
    {
        if (_round is null && clock.GetTimestamp() >= _nextControl)
        {
            _round = Task.Run(() => ControlRoundAsync(stop), stop);
            _nextControl = clock.GetTimestamp() + (long)(options.ControlInterval.TotalSeconds * clock.TimestampFrequency);
        }
        if (_round is not null && (_round.IsCompleted || !_controlled))
        {
            var round = _round;
            _round = null;
            (_paused, var retriesAsked) = await round;
            _controlled = true;
            if (!_paused && retriesAsked) await RetryDeadLettersAsync(stop);
        }
        return _paused;
    }

    /// <returns>Whether the handler is paused, and whether retries of dead letters were asked for.</returns>
    private async Task<(bool Paused, bool RetriesAsked)> ControlRoundAsync(CancellationToken stop)
    {
        bool paused, retriesAsked;
        await using (var db = await dbs.CreateDbContextAsync(stop))
        {
            List<WorkerInvocation> pending;
            lock (_invocations) { pending = [.. _invocations]; _invocations.Clear(); }
            db.WorkerInvocations.AddRange(pending);
            await db.SaveChangesAsync(stop);
            paused = await db.ConsumerControls.AsNoTracking().AnyAsync(c => c.Handler == handler.Name && c.Paused, stop);
            retriesAsked = await db.DeadLetters.AnyAsync(l => l.Handler == handler.Name && l.RetryRequestedAt != null, stop);
            metrics.Controlled(handler.Name, paused, await db.DeadLetters.LongCountAsync(l => l.Handler == handler.Name, stop));
            var now = clock.GetUtcNow().UtcDateTime;
            if (now >= _nextPrune)
            {
                await db.WorkerInvocations.Where(i => i.At < now - options.StatisticsRetention).ExecuteDeleteAsync(stop);
                await EventInbox.PruneAsync(db, now - options.InboxRetention, stop);
                _nextPrune = now.AddMinutes(1);
            }
        }
        await ReportLagAsync(stop);
        return (paused, retriesAsked);
    }

    /// <summary>
    /// The lag is a figure, not the work: a log that cannot describe the group (Kafka's admin calls kept timing out after
    /// the brokers came back, while the consumer itself could read again) must not stop the worker from polling. Before,
    /// a failing describe failed every round before the first poll, so the worker never consumed again.
    /// </summary>
    private async Task ReportLagAsync(CancellationToken stop)
    {
        if (clock.GetTimestamp() < _nextLag) return;
        try
        {
            metrics.Lag(Group, await log.DescribeAsync(Group, _topics, stop));
        }
        catch (EventLogUnavailableException e) when (!stop.IsCancellationRequested)
        {
            // Not again for a while: a describe that times out takes its whole timeout, which the polling must not pay each round.
            _nextLag = clock.GetTimestamp() + 30 * clock.TimestampFrequency;
            logger.LogWarning("Batch worker {Handler} could not read its lag (tries again in 30 s): {Reason}", handler.Name, e.Message);
        }
    }

    /// <summary>
    /// Dead letters an administrator asked to retry: one invocation each batch; handled ones leave the dead letters. Each request is
    /// claimed first by one conditional update (the request cleared where it is still set), so when several workers of the handler
    /// see it exactly one takes it; the others skip it quietly.
    /// </summary>
    private async Task RetryDeadLettersAsync(CancellationToken stop)
    {
        await using var db = await dbs.CreateDbContextAsync(stop);
        var requested = await db.DeadLetters.AsNoTracking().Where(l => l.Handler == handler.Name && l.RetryRequestedAt != null)
            .OrderBy(l => l.Id).Take(options.BatchSize).ToListAsync(stop);
        if (requested.Count == 0) return;
        var letters = new List<DeadLetter>();
        foreach (var letter in requested)
            if (await db.DeadLetters.Where(l => l.Id == letter.Id && l.RetryRequestedAt != null)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.RetryRequestedAt, (DateTime?)null), stop) == 1)
                letters.Add(letter);
        // The same record dead-lettered twice (delivered again after a crash before the commit) is retried once.
        foreach (var twin in letters.GroupBy(l => (l.Topic, l.Partition, l.Offset)).SelectMany(g => g.Skip(1)).ToList())
        {
            await db.DeadLetters.Where(l => l.Id == twin.Id).ExecuteDeleteAsync(stop);
            letters.Remove(twin);
        }
        if (letters.Count == 0) return;
        var now = clock.GetUtcNow().UtcDateTime;
        var readable = new List<(DeadLetter Letter, BatchRecord Record)>();
        foreach (var letter in letters)
            if (RecordReader.TryRead(DeadLetters.ToRecord(letter), events, out var read, out var problem)) readable.Add((letter, read!));
            else await FailedAgainAsync(db, letter, problem!, now, stop);
        if (readable.Count > 0)
        {
            var (errors, _) = await Invoker.InvokeAsync(readable.Select(r => r.Record).ToList(), stop);
            foreach (var (letter, record) in readable)
                if (errors is not null && errors.TryGetValue(record, out var error)) await FailedAgainAsync(db, letter, error, now, stop);
                else await db.DeadLetters.Where(l => l.Id == letter.Id).ExecuteDeleteAsync(stop);
        }
        logger.LogInformation("Batch worker {Handler} retried {Count} dead letters.", handler.Name, letters.Count);
    }

    private static Task FailedAgainAsync(PortalDbContext db, DeadLetter letter, string error, DateTime at, CancellationToken stop)
    {
        DeadLetters.FailedAgain(letter, error, at);
        return db.DeadLetters.Where(l => l.Id == letter.Id).ExecuteUpdateAsync(s => s.SetProperty(l => l.Error, letter.Error)
            .SetProperty(l => l.Attempts, l => l.Attempts + 1).SetProperty(l => l.LastFailedAt, at), stop);
    }
}
