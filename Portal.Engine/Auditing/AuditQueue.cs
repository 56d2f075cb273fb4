using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Engine.Data;

namespace Portal.Engine.Auditing;

/// <summary>
/// Audit entries the caller need not wait for (a read-only query's): stamped with their time and origin when queued,
/// and written in batches, at most <see cref="FlushEvery"/> apart, by one background writer. A query's answer then
/// costs no insert of its own, and a script running queries in a loop costs one insert per batch. A graceful stop
/// writes what is queued; a crash loses at most the last <see cref="FlushEvery"/>'s entries, which record actions that
/// changed nothing. When the queue is full, callers wait for room; a batch the database refuses is logged and dropped,
/// as a single entry's failed insert was.
/// </summary>
public sealed class AuditQueue(IDbContextFactory<PortalDbContext> contexts, TimeProvider clock, ILogger<AuditQueue> logger) : BackgroundService
{
    public const int Capacity = 10_000;
    public const int MaxBatch = 500;
    public static readonly TimeSpan FlushEvery = TimeSpan.FromMilliseconds(250);

    private readonly Channel<AuditEntry> queued = Channel.CreateBounded<AuditEntry>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Queues the entry (time and origin as of now); after the host has stopped, writes it at once.</summary>
    public async ValueTask EnqueueAsync(AuditEvent audit, CancellationToken cancellationToken = default)
    {
        var entry = AuditLog.Entry(audit, clock.GetUtcNow().UtcDateTime);
        AuditOrigin.StampCurrent(entry);
        if (queued.Writer.TryWrite(entry)) return;
        try
        {
            await queued.Writer.WriteAsync(entry, cancellationToken);
        }
        catch (ChannelClosedException)
        {
            await WriteAsync([entry], cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await queued.Reader.WaitToReadAsync(CancellationToken.None))
        {
            // Gathers what arrives within FlushEvery of the first entry (or until the host stops), then writes it. The
            // window is real time, not the clock's: it only batches writes, and a stopped test clock must not hold them.
            try { await Task.Delay(FlushEvery, stoppingToken); }
            catch (OperationCanceledException) { }
            await WriteQueuedAsync();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queued.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // The background writer may never have run (a stop right after the start cancels it before it begins).
        await WriteQueuedAsync();
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<AuditEntry>(MaxBatch);
        while (queued.Reader.TryRead(out var entry))
        {
            batch.Add(entry);
            if (batch.Count < MaxBatch) continue;
            await WriteAsync(batch, CancellationToken.None);
            batch.Clear();
        }
        if (batch.Count > 0) await WriteAsync(batch, CancellationToken.None);
    }

    private async Task WriteAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.AuditEntries.AddRange(entries);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Count} queued audit entries could not be written (first: {Action} by {User}: {Detail})",
                entries.Count, entries[0].Action, entries[0].UserName, entries[0].Detail);
        }
    }
}
