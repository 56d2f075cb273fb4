using Microsoft.EntityFrameworkCore;
using Portal.Engine.Auditing;
using Portal.Engine.Data;
using Portal.Engine.Messaging.Events;

namespace Portal.Engine.Catalog;

/// <summary>
/// CSV import: a preview that says what each row would do, and an apply of exactly that preview (all of it, or
/// on request only its rows without errors), refused when an item it read has changed since.
/// </summary>
public sealed class CatalogImport(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public const string ChangedSincePreview =
        "Nothing was imported: the catalog changed since the preview ({0}). Preview the file again to see what it would do now.";

    public async Task<CatalogImportPreview> PreviewAsync(string csv, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PlanAsync(db, csv, cancellationToken);
    }

    /// <summary>Previews <paramref name="csv"/> and applies that preview at once.</summary>
    public async Task<CatalogImportPreview> ApplyAsync(string csv, string user, CancellationToken cancellationToken = default) =>
        await ApplyAsync(await PreviewAsync(csv, cancellationToken), user, cancellationToken);

    /// <summary>
    /// Applies every row of <paramref name="preview"/> in one transaction, all or nothing: a preview with errors is
    /// returned as it is. When an item it planned to update or leave unchanged is no longer at the version it read
    /// (or a SKU it would create is taken now), nothing is written and the preview comes back with a
    /// <see cref="CatalogImportPreview.Refusal"/>.
    /// </summary>
    public Task<CatalogImportPreview> ApplyAsync(CatalogImportPreview preview, string user, CancellationToken cancellationToken = default) =>
        preview.CanApply ? ApplyRowsAsync(preview, preview.Rows, user, cancellationToken) : Task.FromResult(preview);

    /// <summary>
    /// Applies the rows of <paramref name="preview"/> that have no errors and skips the others, when the user chose
    /// so after the preview said how many lines have errors. Otherwise like <see cref="ApplyAsync(CatalogImportPreview, string, CancellationToken)"/>:
    /// one transaction, each row audited, refused whole when an item it read has changed since. The result names
    /// the skipped lines in <see cref="CatalogImportPreview.SkippedLines"/>.
    /// </summary>
    public async Task<CatalogImportPreview> ApplyValidRowsAsync(CatalogImportPreview preview, string user, CancellationToken cancellationToken = default)
    {
        if (!preview.CanApplyValidRows) return preview;
        var valid = preview.Rows.Where(r => r.Action != ImportAction.Error).ToList();
        var applied = await ApplyRowsAsync(preview, valid, user, cancellationToken);
        return applied.Refusal is not null ? applied
            : applied with { SkippedLines = preview.Rows.Where(r => r.Action == ImportAction.Error).Select(r => r.Line).ToList() };
    }

    private async Task<CatalogImportPreview> ApplyRowsAsync(CatalogImportPreview preview, IReadOnlyList<CatalogImportRow> rows, string user, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var skus = rows.Select(r => r.Fields!.Sku).ToList();
        var existing = await db.CatalogItems.Where(i => skus.Contains(i.Sku)).ToDictionaryAsync(i => i.Sku, cancellationToken);
        var stale = rows.Where(r => !StillAsPreviewed(r, existing.GetValueOrDefault(r.Fields!.Sku))).Select(r => r.Fields!.Sku).ToList();
        if (stale.Count > 0) return Refused(preview, Describe(stale));

        var now = clock.GetUtcNow().UtcDateTime;
        var changed = new List<CatalogItem>();
        var audits = new List<(CatalogItem Item, CatalogItemFields? Before, CatalogItemFields After)>();
        foreach (var row in rows.Where(r => r.Action is ImportAction.Create or ImportAction.Update))
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
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException e)
        {
            return Refused(preview, Describe(e.Entries.Select(entry => entry.Entity).OfType<CatalogItem>().Select(i => i.Sku).ToList()));
        }
        catch (DbUpdateException e) when (UniqueViolation.Is(e))
        {
            return Refused(preview, "a SKU it would create was taken meanwhile");
        }
        foreach (var (item, before, after) in audits)
        {
            db.AuditEntries.Add(AuditTrail.Entry(CatalogService.AuditEntityType, item.Id, before is null ? "Imported" : "Updated by import", user, now, before, after));
            CatalogOutbox.Changed(db, item.Id, before is null ? CatalogChange.Created : CatalogChange.Updated, user,
                before?.Stock ?? 0, item.Stock, CatalogOutbox.ByImport, now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return preview;
    }

    private static bool StillAsPreviewed(CatalogImportRow row, CatalogItem? stored) => row.Target is { } target
        ? stored is not null && stored.Id == target.Id && stored.Version == target.Version
        : stored is null;

    private static string Describe(IReadOnlyList<string> skus) => skus.Count switch
    {
        0 => "an item was saved meanwhile",
        1 => $"{skus[0]} was changed",
        <= 5 => $"{string.Join(", ", skus)} were changed",
        _ => $"{string.Join(", ", skus.Take(5))} and {skus.Count - 5} more were changed",
    };

    private static CatalogImportPreview Refused(CatalogImportPreview preview, string what) =>
        preview with { Refusal = string.Format(ChangedSincePreview, what) };

    private static async Task<CatalogImportPreview> PlanAsync(PortalDbContext db, string csv, CancellationToken cancellationToken)
    {
        var (parsed, fileErrors, absent) = CatalogCsv.Parse(new StringReader(csv));
        var skus = parsed.Where(r => r.Fields is not null).Select(r => r.Fields!.Sku).ToList();
        var existing = await db.CatalogItems.AsNoTracking().Where(i => skus.Contains(i.Sku)).ToDictionaryAsync(i => i.Sku, cancellationToken);
        var rows = parsed.Select(row =>
        {
            if (row.Errors.Count > 0) return new CatalogImportRow(row.Line, row.Fields, ImportAction.Error, row.Errors);
            if (!existing.TryGetValue(row.Fields!.Sku, out var item)) return new CatalogImportRow(row.Line, row.Fields, ImportAction.Create, []);
            var current = CatalogItemFields.From(item);
            var fields = row.KeepingOmitted(current);
            return new CatalogImportRow(row.Line, fields, current == fields ? ImportAction.Unchanged : ImportAction.Update, [],
                new CatalogImportTarget(item.Id, item.Version, current));
        }).ToList();
        return new CatalogImportPreview(rows, fileErrors) { AbsentColumns = absent };
    }
}
