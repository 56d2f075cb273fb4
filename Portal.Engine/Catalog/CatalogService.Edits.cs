using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Catalog;

/// <summary>Creating an item and changing its fields, one version-guarded save at a time.</summary>
public sealed partial class CatalogService
{
    public async Task<CatalogResult> CreateAsync(CatalogItemFields fields, string user, CancellationToken cancellationToken = default)
    {
        fields = fields.Normalized();
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
        var errors = await ValidateAsync(db, fields, null, cancellationToken);
        if (errors.Count > 0) return CatalogResult.Invalid(errors);

        var item = new CatalogItem { Sku = fields.Sku, Name = fields.Name, Category = fields.Category };
        fields.ApplyTo(item);
        db.CatalogItems.Add(item);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await TrySaveAsync(db, cancellationToken)) return DuplicateSku();
        db.AuditEntries.Add(AuditTrail.Entry<CatalogItemFields>(AuditEntityType, item.Id, "Created", user, Now, null, fields));
        CatalogOutbox.Changed(db, item.Id, CatalogChange.Created, user, 0, item.Stock, CatalogOutbox.ByEdit, Now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return CatalogResult.Ok(item);
    }

    /// <summary>Applies <paramref name="patch"/> if the item is still at <paramref name="expectedVersion"/>.</summary>
    public async Task<CatalogResult> UpdateAsync(int id, long expectedVersion, CatalogItemPatch patch, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(cancellationToken);
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
}
