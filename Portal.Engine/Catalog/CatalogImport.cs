using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;

namespace Portal.Engine.Catalog;

/// <summary>CSV import: a preview that says what each row would do, and an all-or-nothing apply.</summary>
public sealed class CatalogImport(IDbContextFactory<PortalDbContext> dbFactory, CatalogChangeFeed feed, TimeProvider clock)
{
    public async Task<CatalogImportPreview> PreviewAsync(string csv, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PlanAsync(db, csv, cancellationToken);
    }

    /// <summary>Applies every row in one transaction, or none if any row is wrong now.</summary>
    public async Task<CatalogImportPreview> ApplyAsync(string csv, string user, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var plan = await PlanAsync(db, csv, cancellationToken);
        if (!plan.CanApply) return plan;

        var now = clock.GetUtcNow().UtcDateTime;
        var skus = plan.Rows.Select(r => r.Fields!.Sku).ToList();
        var existing = await db.CatalogItems.Where(i => skus.Contains(i.Sku)).ToDictionaryAsync(i => i.Sku, cancellationToken);
        var changed = new List<CatalogItem>();
        var audits = new List<(CatalogItem Item, CatalogItemFields? Before, CatalogItemFields After)>();
        foreach (var row in plan.Rows.Where(r => r.Action is ImportAction.Create or ImportAction.Update))
        {
            var fields = row.Fields!;
            if (existing.TryGetValue(fields.Sku, out var item))
            {
                audits.Add((item, CatalogItemFields.From(item), fields));
                fields.ApplyTo(item);
            }
            else
            {
                item = new CatalogItem { Sku = fields.Sku, Name = fields.Name, Category = fields.Category };
                fields.ApplyTo(item);
                db.CatalogItems.Add(item);
                audits.Add((item, null, fields));
            }
            changed.Add(item);
        }
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (item, before, after) in audits)
            db.AuditEntries.Add(AuditTrail.Entry(CatalogService.AuditEntityType, item.Id, before is null ? "Imported" : "Updated by import", user, now, before, after));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (changed.Count > 0) feed.Publish(new CatalogChanged(changed.Select(i => i.Id).ToList(), user));
        return plan;
    }

    private static async Task<CatalogImportPreview> PlanAsync(PortalDbContext db, string csv, CancellationToken cancellationToken)
    {
        var (parsed, fileErrors) = CatalogCsv.Parse(new StringReader(csv));
        var skus = parsed.Where(r => r.Fields is not null).Select(r => r.Fields!.Sku).ToList();
        var existing = await db.CatalogItems.AsNoTracking().Where(i => skus.Contains(i.Sku)).ToDictionaryAsync(i => i.Sku, cancellationToken);
        var rows = parsed.Select(row =>
        {
            if (row.Errors.Count > 0) return new CatalogImportRow(row.Line, row.Fields, ImportAction.Error, row.Errors);
            var fields = row.Fields!;
            if (!existing.TryGetValue(fields.Sku, out var item)) return new CatalogImportRow(row.Line, fields, ImportAction.Create, []);
            return new CatalogImportRow(row.Line, fields, CatalogItemFields.From(item) == fields ? ImportAction.Unchanged : ImportAction.Update, []);
        }).ToList();
        return new CatalogImportPreview(rows, fileErrors);
    }
}
