using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Messaging;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Catalog;

/// <summary>
/// Changes to many items at once (the ticked rows or every item a filter matches): activate, deactivate and
/// change prices by a percentage. Each is all or nothing, one transaction read and saved a batch at a time,
/// every changed item version-guarded, audited and announced (CatalogItemChanged, in the same transaction) like a single edit; archived items are never changed.
/// </summary>
public sealed class CatalogBulkActions(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many items a bulk action reads and saves at a time, so memory and each save stay small however many match.</summary>
    internal int BulkBatchSize { get; init; } = 500;

    /// <summary>How often a bulk action starts again when someone else saved one of its items between its read and its write.</summary>
    internal const int BulkAttempts = 3;

    /// <summary>
    /// Activates or deactivates every item of <paramref name="selection"/>, all or nothing: one transaction,
    /// a batch at a time, each item version-guarded and audited like a single edit.
    /// </summary>
    public Task<BulkChangeResult> SetActiveAsync(CatalogSelection selection, bool active, string user,
        IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        RetryOnConflictAsync(
            () => SetActiveOnceAsync(selection, active, user, progress, cancellationToken),
            error => new BulkChangeResult(0, 0, error));

    private async Task<BulkChangeResult> SetActiveOnceAsync(CatalogSelection selection, bool active, string user,
        IProgress<BulkProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var matching = selection.Apply(db.CatalogItems);
        var matched = await matching.CountAsync(cancellationToken);
        var toChange = matching.Where(i => i.IsActive != active);
        var total = await toChange.CountAsync(cancellationToken);
        var changed = new List<int>(total);
        await foreach (var batch in BatchesAsync(toChange, cancellationToken))
        {
            foreach (var item in batch)
            {
                var before = CatalogItemFields.From(item);
                item.IsActive = active;
                db.AuditEntries.Add(AuditTrail.Entry(CatalogService.AuditEntityType, item.Id, active ? "Activated" : "Deactivated", user, Now, before, CatalogItemFields.From(item)));
                OutboxWriter.Enqueue(db, new CatalogItemChanged(item.Id, CatalogChange.Updated, user), Now);
                changed.Add(item.Id);
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(new BulkProgress(changed.Count, total));
        }
        await transaction.CommitAsync(cancellationToken);
        return new BulkChangeResult(matched, changed.Count) { Skipped = selection.Skipped(matched) };
    }

    /// <summary>What changing every price of <paramref name="selection"/> by <paramref name="percent"/> would do, from the prices stored now.</summary>
    public async Task<PriceChangePlan> PlanPriceChangeAsync(CatalogSelection selection, decimal percent, CancellationToken cancellationToken = default)
    {
        if (PriceChangePlan.PercentError(percent) is { } error) return PriceChangePlan.Refused(percent, error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = new PriceChangePlanBuilder(percent);
        var items = selection.Apply(db.CatalogItems.AsNoTracking()).OrderBy(i => i.Sku).Select(i => new { i.Id, i.Sku, i.Name, i.Price, i.Currency });
        await foreach (var item in items.AsAsyncEnumerable().WithCancellation(cancellationToken))
            plan.Add(item.Id, item.Sku, item.Name, item.Price, item.Currency);
        var built = plan.Build();
        return built with { Skipped = selection.Skipped(built.Count) };
    }

    /// <summary>
    /// Changes every price of <paramref name="selection"/> by the same percentage, all or nothing, from the
    /// prices stored now: one transaction, a batch at a time, each changed item version-guarded and audited.
    /// When a new price would be invalid nothing is changed and the plan (of the whole selection) says why.
    /// </summary>
    public Task<PriceChangePlan> ApplyPriceChangeAsync(CatalogSelection selection, decimal percent, string user,
        IProgress<BulkProgress>? progress = null, CancellationToken cancellationToken = default) =>
        PriceChangePlan.PercentError(percent) is { } error
            ? Task.FromResult(PriceChangePlan.Refused(percent, error))
            : RetryOnConflictAsync(
                () => ApplyPriceChangeOnceAsync(selection, percent, user, progress, cancellationToken),
                message => PriceChangePlan.Refused(percent, message));

    private async Task<PriceChangePlan> ApplyPriceChangeOnceAsync(CatalogSelection selection, decimal percent, string user,
        IProgress<BulkProgress>? progress, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var items = selection.Apply(db.CatalogItems);
        var total = await items.CountAsync(cancellationToken);
        var plan = new PriceChangePlanBuilder(percent);
        var changed = new List<int>();
        await foreach (var batch in BatchesAsync(items, cancellationToken))
        {
            foreach (var item in batch)
            {
                var line = plan.Add(item.Id, item.Sku, item.Name, item.Price, item.Currency);
                // Once a price is refused, the rest is only read, so the plan returned covers the whole selection.
                if (plan.Failed || line.NewPrice == item.Price) continue;
                var before = CatalogItemFields.From(item);
                item.Price = line.NewPrice;
                db.AuditEntries.Add(AuditTrail.Entry(CatalogService.AuditEntityType, item.Id, "Repriced", user, Now, before, CatalogItemFields.From(item)));
                OutboxWriter.Enqueue(db, new CatalogItemChanged(item.Id, CatalogChange.Updated, user), Now);
                changed.Add(item.Id);
            }
            if (!plan.Failed) await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(new BulkProgress(plan.Count, total));
        }
        var result = plan.Build() with { Skipped = selection.Skipped(total) };
        if (result.Error is not null) return result; // the transaction ends without a commit: earlier batches are undone
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// The items a batch at a time in SKU order; SKUs are unique, so each batch starts after the last SKU of
    /// the one before, and items the action takes out of <paramref name="items"/> do not shift the batches.
    /// </summary>
    private async IAsyncEnumerable<List<CatalogItem>> BatchesAsync(IQueryable<CatalogItem> items,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var batch = await items.OrderBy(i => i.Sku).Take(BulkBatchSize).ToListAsync(cancellationToken);
        while (batch.Count > 0)
        {
            yield return batch;
            if (batch.Count < BulkBatchSize) yield break;
            var last = batch[^1].Sku;
            batch = await items.Where(i => string.Compare(i.Sku, last) > 0).OrderBy(i => i.Sku).Take(BulkBatchSize).ToListAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Runs a bulk action again from the start when someone else saved one of its items between its read and
    /// its write (their change is then read, not overwritten); after <see cref="BulkAttempts"/> it gives up.
    /// </summary>
    private static async Task<T> RetryOnConflictAsync<T>(Func<Task<T>> run, Func<string, T> gaveUp)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await run();
            }
            catch (DbUpdateConcurrencyException) when (attempt < BulkAttempts)
            {
                // Nothing was committed; the next attempt reads their change.
            }
            catch (DbUpdateConcurrencyException e)
            {
                var sku = e.Entries.Select(entry => entry.Entity).OfType<CatalogItem>().FirstOrDefault()?.Sku;
                return gaveUp($"{sku ?? "Some items"} kept being changed by someone else meanwhile, so nothing was changed. Try again.");
            }
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
