using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Log;

namespace Portal.Engine.Messaging.Worker;

/// <summary>
/// What the Admin Pipeline page shows and does: each consumer's partitions (end offset, committed offset, lag), the workers'
/// figures (events/s, batch sizes, handler latency p50/p95) from every instance, the dead letters, and the audited actions:
/// retry one, retry all, discard, pause and resume (the workers, wherever they run, pick these up from the database).
/// </summary>
public sealed class PipelineMonitor(IEnumerable<IEventBatchHandler> handlers, IEventLog log, IDbContextFactory<PortalDbContext> dbs,
    IOptions<WorkerOptions> options, IOptions<EventsOptions> events, TimeProvider clock)
{
    public const string DeadLetterEntity = "DeadLetter", ConsumerEntity = "Consumer";
    private static readonly int[] SizeBounds = [1, 10, 50, 100, 500, 1000, 10_000];

    public async Task<IReadOnlyList<ConsumerView>> ConsumersAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var controls = await db.ConsumerControls.AsNoTracking().ToDictionaryAsync(c => c.Handler, cancellationToken);
        var views = new List<ConsumerView>();
        foreach (var handler in handlers.OrderBy(h => h.Name))
        {
            var group = options.Value.GroupOf(handler.Name);
            var topics = handler.Families.Select(events.Value.TopicOf).ToList();
            IReadOnlyList<PartitionState> partitions = [];
            string? problem = null;
            try { partitions = (await log.DescribeAsync(group, topics, cancellationToken)).OrderBy(p => p.Topic).ThenBy(p => p.Partition).ToList(); }
            catch (EventLogUnavailableException e) { problem = e.Message; }
            var control = controls.GetValueOrDefault(handler.Name);
            views.Add(new ConsumerView(handler.Name, group, topics, control?.Paused ?? false, control?.ChangedBy, control?.ChangedAt, partitions, problem));
        }
        return views;
    }

    /// <summary>The figures of the last <paramref name="window"/>, events/s in <paramref name="slices"/> equal slices.</summary>
    public async Task<PipelineFigures> FiguresAsync(TimeSpan window, int slices = 30, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now - window;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var rows = await db.WorkerInvocations.AsNoTracking().Where(i => i.At >= from)
            .Select(i => new { i.At, i.Size, i.Handled, i.DurationMs }).ToListAsync(cancellationToken);
        var slice = window / slices;
        var throughput = Enumerable.Range(0, slices).Select(i =>
        {
            var start = from + slice * i;
            var handled = rows.Where(r => r.At >= start && (r.At < start + slice || i == slices - 1)).Sum(r => (long)r.Handled);
            return new ThroughputPoint(start, handled / slice.TotalSeconds);
        }).ToList();
        var buckets = SizeBounds.Select((to, i) => new BatchSizeBucket(i == 0 ? 1 : SizeBounds[i - 1] + 1, to,
            rows.Count(r => r.Size >= (i == 0 ? 1 : SizeBounds[i - 1] + 1) && r.Size <= to))).Where(b => b.Invocations > 0).ToList();
        var durations = rows.Select(r => r.DurationMs).Order().ToList();
        return new PipelineFigures(throughput, rows.Sum(r => (long)r.Handled), rows.Count, rows.Count(r => r.Handled < r.Size),
            rows.Count == 0 ? 0 : rows.Average(r => r.Size), rows.Count == 0 ? 0 : rows.Max(r => r.Size), buckets,
            Percentile(durations, 0.50), Percentile(durations, 0.95));
    }

    /// <summary>Nearest-rank percentile; null without data.</summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    public async Task<DeadLetterPage> DeadLettersAsync(int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var total = await db.DeadLetters.CountAsync(cancellationToken);
        var letters = await db.DeadLetters.AsNoTracking().OrderByDescending(l => l.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
        return new DeadLetterPage(letters.Select(l => new DeadLetterView(l.Id, l.Handler, $"{l.Topic}-{l.Partition}", l.Offset, l.Key, l.EventId,
            l.Type, PayloadText(l.Value), l.Error, l.Attempts, l.FirstFailedAt, l.LastFailedAt, l.RetryRequestedAt is not null)).ToList(), total);
    }

    public static string PayloadText(byte[] value)
    {
        try { return new UTF8Encoding(false, true).GetString(value); }
        catch (DecoderFallbackException) { return "base64:" + Convert.ToBase64String(value); }
    }

    /// <summary>Asks the handler's worker to try the dead letter again. False when it is gone.</summary>
    public async Task<bool> RetryAsync(long id, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var letter = await db.DeadLetters.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (letter is null) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        letter.RetryRequestedAt ??= now;
        db.AuditEntries.Add(AuditTrail.Entry(DeadLetterEntity, id, "Retry", user, now, Summary(letter), (object?)null));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Asks for a retry of every dead letter; returns how many.</summary>
    public async Task<int> RetryAllAsync(string user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var count = await db.DeadLetters.Where(l => l.RetryRequestedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.RetryRequestedAt, now), cancellationToken);
        db.AuditEntries.Add(AuditTrail.Entry(DeadLetterEntity, "all", "RetryAll", user, now, (object?)null, new { Count = count }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>Drops the dead letter for good (its payload and error are kept in the audit entry). False when it is gone.</summary>
    public async Task<bool> DiscardAsync(long id, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var letter = await db.DeadLetters.SingleOrDefaultAsync(l => l.Id == id, cancellationToken);
        if (letter is null) return false;
        db.DeadLetters.Remove(letter);
        db.AuditEntries.Add(AuditTrail.Entry(DeadLetterEntity, id, "Discard", user, clock.GetUtcNow().UtcDateTime,
            new { Summary(letter).Handler, Summary(letter).Partition, Summary(letter).Offset, Summary(letter).EventId, Summary(letter).Type,
                letter.Error, Payload = PayloadText(letter.Value) }, (object?)null));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Pauses or resumes a handler's consumer on every instance (within their control interval).</summary>
    public async Task SetPausedAsync(string handler, bool paused, string user, CancellationToken cancellationToken = default)
    {
        if (handlers.All(h => h.Name != handler)) throw new ArgumentException($"No handler is named '{handler}'.", nameof(handler));
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var control = await db.ConsumerControls.SingleOrDefaultAsync(c => c.Handler == handler, cancellationToken);
        var before = control is null ? null : new { control.Paused };
        if (control is null) db.ConsumerControls.Add(control = new ConsumerControl { Handler = handler, ChangedBy = user });
        control.Paused = paused;
        control.ChangedBy = user;
        control.ChangedAt = now;
        db.AuditEntries.Add(AuditTrail.Entry(ConsumerEntity, handler, paused ? "Pause" : "Resume", user, now, before, new { Paused = paused }));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static LetterSummary Summary(DeadLetter l) => new(l.Handler, $"{l.Topic}-{l.Partition}", l.Offset, l.EventId, l.Type);

    private sealed record LetterSummary(string Handler, string Partition, long Offset, string? EventId, string? Type);
}
