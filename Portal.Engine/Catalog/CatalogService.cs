using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;

namespace Portal.Engine.Catalog;

/// <summary>
/// Every change Sales make to a single catalog item: validated, guarded by the item's version (so no edit is
/// silently lost), recorded in the audit trail and announced as CatalogItemChanged/StockChanged events (the outbox) in the same transaction. One
/// job per file: queries (CatalogService.Queries.cs), field edits (.Edits.cs), archive and restore
/// (.Archive.cs), photos (.Photos.cs); this file holds the guarded save they share. Bulk changes over a
/// selection are <see cref="CatalogBulkActions"/>'.
/// </summary>
public sealed partial class CatalogService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock, CatalogPhotos? photos = null)
{
    public const string AuditEntityType = "CatalogItem";

    // Primary-constructor parameters are in scope only in this part, so the other parts use these fields.
    private readonly IDbContextFactory<PortalDbContext> _dbFactory = dbFactory;
    private readonly TimeProvider _clock = clock;
    private readonly CatalogPhotos? _photos = photos;

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
        CatalogOutbox.Changed(db, item.Id, Messaging.Events.CatalogChange.Updated, user,
            db.Entry(item).Property(i => i.Stock).OriginalValue, item.Stock, CatalogOutbox.ByEdit, Now);
        try
        {
            if (!await TrySaveAsync(db, cancellationToken)) return DuplicateSku();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Someone saved between our read and our write: report their values, change nothing.
            await using var fresh = await _dbFactory.CreateDbContextAsync(cancellationToken);
            var current = await fresh.CatalogItems.AsNoTracking().FirstOrDefaultAsync(i => i.Id == item.Id, cancellationToken);
            return current is null ? CatalogResult.NotFound : CatalogResult.Conflict(current);
        }
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

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;
}
