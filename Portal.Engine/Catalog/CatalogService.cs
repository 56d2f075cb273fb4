using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;

namespace Portal.Engine.Catalog;

/// <summary>
/// Every change Sales make to the catalog: validated, guarded by the item's version (so no edit is
/// silently lost), recorded in the audit trail in the same transaction, and announced to open grids.
/// </summary>
public sealed class CatalogService(IDbContextFactory<PortalDbContext> dbFactory, CatalogChangeFeed feed, TimeProvider clock, CatalogPhotos? photos = null)
{
    public const string AuditEntityType = "CatalogItem";

    public async Task<CatalogPage> QueryAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var filtered = query.Filter(db.CatalogItems.AsNoTracking());
        var total = await filtered.CountAsync(cancellationToken);
        var items = await query.Order(filtered)
            .Skip(query.SafePage * query.SafePageSize).Take(query.SafePageSize)
            .ToListAsync(cancellationToken);
        return new CatalogPage(items, total, query.SafePage, query.SafePageSize);
    }

    /// <summary>Every item matching the filter, in order, for export (no paging).</summary>
    public async Task<List<CatalogItem>> ListAsync(CatalogQuery query, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await query.Order(query.Filter(db.CatalogItems.AsNoTracking())).ToListAsync(cancellationToken);
    }

    public async Task<CatalogItem?> FindAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
    }

    /// <summary>Every category in the catalog, including those of inactive and archived items (for Sales).</summary>
    public async Task<List<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.Select(i => i.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    /// <summary>The categories of items on sale (active, not archived): what the shop and the public API may show.</summary>
    public async Task<List<string>> OnSaleCategoriesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CatalogItems.Where(i => i.IsActive && i.ArchivedAt == null)
            .Select(i => i.Category).Distinct().OrderBy(c => c).ToListAsync(cancellationToken);
    }

    public async Task<CatalogResult> CreateAsync(CatalogItemFields fields, string user, CancellationToken cancellationToken = default)
    {
        fields = fields.Normalized();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, fields, null, cancellationToken);
        if (errors.Count > 0) return CatalogResult.Invalid(errors);

        var item = new CatalogItem { Sku = fields.Sku, Name = fields.Name, Category = fields.Category };
        fields.ApplyTo(item);
        db.CatalogItems.Add(item);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken)) return DuplicateSku();
        db.AuditEntries.Add(AuditTrail.Entry<CatalogItemFields>(AuditEntityType, item.Id, "Created", user, Now, null, fields));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        feed.Publish(new CatalogChanged([item.Id], user));
        return CatalogResult.Ok(item);
    }

    /// <summary>Applies <paramref name="patch"/> if the item is still at <paramref name="expectedVersion"/>.</summary>
    public async Task<CatalogResult> UpdateAsync(int id, long expectedVersion, CatalogItemPatch patch, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return CatalogResult.NotFound;
        if (item.Version != expectedVersion) return CatalogResult.Conflict(item);

        var before = CatalogItemFields.From(item);
        var after = patch.ApplyTo(before).Normalized();
        var errors = await ValidateAsync(db, after, id, cancellationToken);
        if (errors.Count > 0) return CatalogResult.Invalid(errors);
        if (after == before) return CatalogResult.Ok(item);

        after.ApplyTo(item);
        db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, id, "Updated", user, Now, before, after));
        return await SaveGuardedAsync(db, item, user, cancellationToken);
    }

    public Task<CatalogResult> ArchiveAsync(int id, long? expectedVersion, string user, CancellationToken cancellationToken = default) =>
        SetArchivedAsync(id, expectedVersion, archived: true, user, cancellationToken);

    public Task<CatalogResult> RestoreAsync(int id, long? expectedVersion, string user, CancellationToken cancellationToken = default) =>
        SetArchivedAsync(id, expectedVersion, archived: false, user, cancellationToken);

    private async Task<CatalogResult> SetArchivedAsync(int id, long? expectedVersion, bool archived, string user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return CatalogResult.NotFound;
        if (expectedVersion is { } version && item.Version != version) return CatalogResult.Conflict(item);
        if ((item.ArchivedAt is not null) == archived) return CatalogResult.Ok(item);

        var before = new ArchiveState(item.ArchivedAt is not null);
        item.ArchivedAt = archived ? Now : null;
        db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, id, archived ? "Archived" : "Restored", user, Now, before, new ArchiveState(archived)));
        return await SaveGuardedAsync(db, item, user, cancellationToken);
    }

    private sealed record ArchiveState(bool Archived);

    /// <summary>
    /// Checks the upload like any customer upload (size, format by content, pixels, decodable), stores it as the
    /// item's photo and deletes the previous one. Bad files are <see cref="CatalogOutcome.Invalid"/> with a
    /// <see cref="CatalogPhotos.PhotoField"/> error, and nothing is stored.
    /// </summary>
    public async Task<CatalogResult> SetPhotoAsync(int id, long? expectedVersion, Stream content, string fileName, string user, CancellationToken cancellationToken = default)
    {
        var store = Photos;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var existing = await db.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
            if (existing is null) return CatalogResult.NotFound;
            if (expectedVersion is { } v && existing.Version != v) return CatalogResult.Conflict(existing);
        }

        var (upload, error) = await Images.ImageUploadCheck.CheckAsync(store.Processor, content, cancellationToken);
        if (upload is null) return PhotoError(error!);

        var key = CatalogPhotos.NewKey(id, upload.Extension);
        await store.Objects.PutAsync(key, new MemoryStream(upload.Bytes), upload.ContentType, cancellationToken: cancellationToken);
        var after = new PhotoState(key, SafeFileName(fileName), upload.Width, upload.Height);
        var result = await ChangePhotoAsync(id, expectedVersion, after, "Photo changed", user, cancellationToken);
        if (!result.Succeeded) await store.DeleteAsync(key, CancellationToken.None);
        return result;
    }

    /// <summary>Removes the item's photo (its object too); Ok without a change when it has none.</summary>
    public Task<CatalogResult> RemovePhotoAsync(int id, long? expectedVersion, string user, CancellationToken cancellationToken = default) =>
        ChangePhotoAsync(id, expectedVersion, null, "Photo removed", user, cancellationToken);

    private async Task<CatalogResult> ChangePhotoAsync(int id, long? expectedVersion, PhotoState? after, string action, string user, CancellationToken cancellationToken)
    {
        var store = Photos;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.CatalogItems.FirstOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null) return CatalogResult.NotFound;
        if (expectedVersion is { } version && item.Version != version) return CatalogResult.Conflict(item);
        var previousKey = item.PhotoKey;
        if (after is null && previousKey is null) return CatalogResult.Ok(item);

        item.PhotoKey = after?.PhotoKey;
        db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, id, action, user, Now,
            previousKey is null ? null : new PhotoState(previousKey, null, null, null), after));
        var result = await SaveGuardedAsync(db, item, user, cancellationToken);
        if (result.Succeeded && previousKey is not null) await store.DeleteAsync(previousKey, CancellationToken.None);
        return result;
    }

    /// <summary>What the audit trail records of a photo change.</summary>
    private sealed record PhotoState(string PhotoKey, string? FileName, int? Width, int? Height);

    private CatalogPhotos Photos => photos ?? throw new InvalidOperationException("Product photos need CatalogPhotos (the catalog image space) to be registered.");

    private static CatalogResult PhotoError(string message) =>
        CatalogResult.Invalid(new Dictionary<string, string[]> { [CatalogPhotos.PhotoField] = [message] });

    private static string SafeFileName(string? fileName) => Storage.FileNames.Safe(fileName, "image");

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
                db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, item.Id, active ? "Activated" : "Deactivated", user, Now, before, CatalogItemFields.From(item)));
                changed.Add(item.Id);
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(new BulkProgress(changed.Count, total));
        }
        await transaction.CommitAsync(cancellationToken);
        if (changed.Count > 0) feed.Publish(new CatalogChanged(changed, user));
        return new BulkChangeResult(matched, changed.Count) { Skipped = selection.Skipped(matched) };
    }

    /// <summary>What changing every price of <paramref name="selection"/> by <paramref name="percent"/> would do, from the prices stored now.</summary>
    public async Task<PriceChangePlan> PlanPriceChangeAsync(CatalogSelection selection, decimal percent, CancellationToken cancellationToken = default)
    {
        if (PriceChangePlan.PercentError(percent) is { } error) return PriceChangePlan.Refused(percent, error);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var plan = new PriceChangePlanBuilder(percent);
        var items = selection.Apply(db.CatalogItems.AsNoTracking()).OrderBy(i => i.Sku).Select(i => new { i.Id, i.Sku, i.Name, i.Price });
        await foreach (var item in items.AsAsyncEnumerable().WithCancellation(cancellationToken))
            plan.Add(item.Id, item.Sku, item.Name, item.Price);
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
                var line = plan.Add(item.Id, item.Sku, item.Name, item.Price);
                // Once a price is refused, the rest is only read, so the plan returned covers the whole selection.
                if (plan.Failed || line.NewPrice == item.Price) continue;
                var before = CatalogItemFields.From(item);
                item.Price = line.NewPrice;
                db.AuditEntries.Add(AuditTrail.Entry(AuditEntityType, item.Id, "Repriced", user, Now, before, CatalogItemFields.From(item)));
                changed.Add(item.Id);
            }
            if (!plan.Failed) await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            progress?.Report(new BulkProgress(plan.Count, total));
        }
        var result = plan.Build() with { Skipped = selection.Skipped(total) };
        if (result.Error is not null) return result; // the transaction ends without a commit: earlier batches are undone
        await transaction.CommitAsync(cancellationToken);
        if (changed.Count > 0) feed.Publish(new CatalogChanged(changed, user));
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

    public async Task<List<AuditEntry>> HistoryAsync(int id, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await AuditTrail.HistoryAsync(db, AuditEntityType, id, cancellationToken);
    }

    internal static async Task<Dictionary<string, string[]>> ValidateAsync(PortalDbContext db, CatalogItemFields fields, int? id, CancellationToken cancellationToken)
    {
        var errors = CatalogItemRules.Validate(fields);
        if (!errors.ContainsKey(nameof(CatalogItemFields.Sku))
            && await db.CatalogItems.AnyAsync(i => i.Sku == fields.Sku && i.Id != id, cancellationToken))
            errors[nameof(CatalogItemFields.Sku)] = [$"SKU {fields.Sku} is already used by another item."];
        return errors;
    }

    private async Task<CatalogResult> SaveGuardedAsync(PortalDbContext db, CatalogItem item, string user, CancellationToken cancellationToken)
    {
        try
        {
            if (!await TrySaveAsync(db, cancellationToken)) return DuplicateSku();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: report their values, change nothing.
            await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == item.Id, cancellationToken);
            return current is null ? CatalogResult.NotFound : CatalogResult.Conflict(current);
        }
        feed.Publish(new CatalogChanged([item.Id], user));
        return CatalogResult.Ok(item);
    }

    /// <summary>Saves; false when the unique SKU index refused it (a race the pre-check cannot close).</summary>
    private static async Task<bool> TrySaveAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return false;
        }
    }

    private static CatalogResult DuplicateSku() =>
        CatalogResult.Invalid(new Dictionary<string, string[]> { [nameof(CatalogItemFields.Sku)] = ["This SKU is already used by another item."] });

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
